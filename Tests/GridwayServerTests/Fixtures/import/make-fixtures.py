#!/usr/bin/env python3
"""Writes the import test fixtures beside this script (run it again to regenerate them):

- excel-visits.xlsx: a workbook shaped as Excel saves it (shared strings with rich-text runs and
  phonetic guides, a theme, docProps, row spans, date serials in the built-in format 14, the East
  Asian built-in format 31 and a custom 年月日 format, a boolean, a formula string, skipped rows and cells);
- wps-prefixed-1904.xlsx: a small workbook with prefixed element names (x:), inline strings and the
  1904 date system, as other producers write them;
- gb18030-visits.csv: a CSV in GB18030 with its expected UTF-8 text in gb18030-visits.expected.txt
  (both made by Python's gb18030 codec).
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def write(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in parts:
            info = zipfile.ZipInfo(path, date_time=(2026, 12, 6, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


shared = [
    "报告周期", "老人姓名", "老人身份证号", "居住地址", "走访日期", "走访方式", "走访时长（分钟）", "健康状况",
    "服务需求", "走访人姓名", "走访人身份", "备注", "2026年12月", None, "210102193805120025",
    "沈阳市和平区太原北街 12 号", "入户走访", "一般", "助餐、居家安全改造", "李晓梅", "网格员",
    "卫生间无扶手 & 需改造 <急>", "2026/12", "赵德顺", "21010219450302001X", "沈阳市和平区南京北街 88 号",
    "电话问候", "良好", "孙志强", "社区工作者", "2026年13月", "刘淑芬", "上门",
]
items = []
for text in shared:
    if text is None:  # rich text with a phonetic guide, as Excel keeps for East Asian input
        items.append('<si><r><rPr><b/><sz val="11"/></rPr><t>王</t></r><r><t>桂兰</t></r>'
                     '<rPh sb="0" eb="1"><t>wáng</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>')
    else:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        space = ' xml:space="preserve"' if text != text.strip() else ""
        items.append(f"<si><t{space}>{escaped}</t><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>")
shared_xml = DECL + f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">' + "".join(items) + "</sst>"


def s(index):
    return ("s", index)


rows = {
    1: [s(i) for i in range(12)],
    2: [s(12), s(13), s(14), s(15), ("d14", 46362), s(16), ("n", 40), s(17), s(18), s(19), s(20), s(21)],
    3: [s(22), s(23), s(24), s(25), ("d31", 46363), s(26), ("n", 900), s(27), None, s(28), s(29), ("str", "=\"电话\"")],
    # Row 4 is left out entirely, as Excel does for a row never touched; row 5 skips column I.
    5: [s(30), s(31), ("inline", "210102194407150021"), s(25), ("d176", 46364.5), s(32), ("n", 20), s(27), None, s(28), s(29), ("b", 1)],
}
cells = []
for number, values in rows.items():
    row = [f'<row r="{number}" spans="1:12" x14ac:dyDescent="0.25">']
    for column, value in enumerate(values):
        if value is None:
            continue
        ref = "ABCDEFGHIJKL"[column] + str(number)
        kind, content = value
        if kind == "s":
            row.append(f'<c r="{ref}" t="s"><v>{content}</v></c>')
        elif kind == "n":
            row.append(f'<c r="{ref}"><v>{content}</v></c>')
        elif kind.startswith("d"):
            style = {"d14": 1, "d31": 2, "d176": 3}[kind]
            row.append(f'<c r="{ref}" s="{style}"><v>{content}</v></c>')
        elif kind == "b":
            row.append(f'<c r="{ref}" t="b"><v>{content}</v></c>')
        elif kind == "str":
            row.append(f'<c r="{ref}" t="str"><f>{content.replace(chr(34), "&quot;")}</f><v>电话</v></c>')
        elif kind == "inline":
            row.append(f'<c r="{ref}" s="4" t="inlineStr"><is><t>{content}</t></is></c>')
    row.append("</row>")
    cells.append("".join(row))
sheet = (DECL + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" '
         'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
         'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
         '<dimension ref="A1:L5"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
         '<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.25"/><cols><col min="1" max="12" width="14" customWidth="1"/></cols>'
         "<sheetData>" + "".join(cells) + "</sheetData>"
         '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
styles = (DECL + f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\\ h:mm"/></numFmts>'
          '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font>'
          '<font><sz val="9"/><name val="等线"/><family val="3"/><charset val="134"/><scheme val="minor"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs>'
          '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf>'
          '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
workbook = (DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
            '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>'
            '<sheets><sheet name="填报" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets><calcPr calcId="191029"/></workbook>')
rels = (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId3" Type="{REL}/theme" Target="theme/theme1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId5" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
content_types = (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
                 '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                 '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                 '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                 '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
write("excel-visits.xlsx", [
    ("[Content_Types].xml", content_types),
    ("_rels/.rels", DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
     f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", workbook),
    ("xl/_rels/workbook.xml.rels", rels),
    ("xl/theme/theme1.xml", DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 主题"/>'),
    ("xl/worksheets/sheet2.xml", DECL + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不是第一张表</t></is></c></row></sheetData></worksheet>'),
    ("xl/worksheets/sheet1.xml", sheet),
    ("xl/sharedStrings.xml", shared_xml),
    ("xl/styles.xml", styles),
    ("docProps/core.xml", DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>社区</dc:creator></cp:coreProperties>'),
    ("docProps/app.xml", DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>'),
])

prefixed_sheet = (DECL + f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>走访日期</x:t></x:is></x:c>'
                  '<x:c r="B1" t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>'
                  '<x:row r="2"><x:c r="A2" s="1"><x:v>44902</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:r><x:t>一</x:t></x:r><x:r><x:t>二</x:t></x:r></x:is></x:c></x:row></x:sheetData></x:worksheet>')
write("wps-prefixed-1904.xlsx", [
    ("[Content_Types].xml", content_types.replace('<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>', "")),
    ("_rels/.rels", DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", DECL + f'<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Sheet1" sheetId="1" r:id="R7"/></x:sheets></x:workbook>'),
    ("xl/_rels/workbook.xml.rels", DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     f'<Relationship Id="R7" Type="{REL}/worksheet" Target="/xl/worksheets/data.xml"/>'
     f'<Relationship Id="R8" Type="{REL}/styles" Target="styles.xml"/></Relationships>'),
    ("xl/worksheets/data.xml", prefixed_sheet),
    ("xl/styles.xml", DECL + f'<x:styleSheet xmlns:x="{MAIN}"><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>'),
])

csv_text = ("报告周期,老人姓名,老人身份证号,居住地址,走访日期,走访方式,走访时长（分钟）,健康状况,服务需求,走访人姓名,走访人身份\r\n"
            "2026年12月,王桂兰,210102193805120025,沈阳市和平区太原北街 12 号,2026/12/6,入户走访,40,一般,助餐、居家安全改造,李晓梅,网格员\r\n"
            "2026.12,䶮𠀀€,21010219450302001X,\"南京北街 88 号，1 单元\",2026年12月7日,电话问候,15,良好,,孙志强,社区工作者\r\n")
with open(os.path.join(HERE, "gb18030-visits.csv"), "wb") as file:
    file.write(csv_text.encode("gb18030"))
with open(os.path.join(HERE, "gb18030-visits.expected.txt"), "w", encoding="utf-8", newline="") as file:
    file.write(csv_text)
