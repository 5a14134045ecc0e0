import GridwayCore
import GridwayJSON

extension GrassrootsApp {
    /// 居民信息: residents of 北京街社区 (210102001001) and 中华路社区 (210102001002), with the app's
    /// pinyin fields (`null` where the app has no value) — `jlbh` 记录编号, `xm` 姓名, `sfzh` 身份证号, `lxdh` 联系电话, `xb` 性别 (1 男, 2 女),
    /// `csrq` 出生日期 (yyyyMMdd), `jzdz` 居住地址, `sqdm` 社区代码, `rylb` 人员类别 (01 独居, 02 空巢, 03 高龄),
    /// `gxsj` 更新时间 (yyyyMMddHHmmss).
    public static let sampleResidents: [JSONValue] = [
        resident(
            "JM0001", "王桂兰", "210102193805120025", "024-23456789", "2", "19380512", "沈阳市和平区太原北街 12 号 3 单元 502 室",
            "210102001001", "01"),
        resident(
            "JM0002", "赵德顺", "21010219450302001X", nil, "1", "19450302", "沈阳市和平区南京北街 88 号 1 单元 101 室", "210102001001",
            "02"),
        resident(
            "JM0003", "刘淑珍", "210102194011230048", "13840012399", "2", "19401123", "沈阳市和平区北京街 6 号 2 单元 301 室",
            "210102001001", "03"),
        resident(
            "JM0004", "陈永福", "210102193707070031", "024-23110000", "1", "19370707", "沈阳市和平区太原北街 20 号 1 单元 202 室",
            "210102001001", "01"),
        resident(
            "JM0005", "孙玉芳", "210102194206150066", "13940055512", "2", "19420615", "沈阳市和平区北京街 18 号 4 单元 601 室",
            "210102001001", "02"),
        resident(
            "JM0006", "周国强", "210102194402280017", "13700011122", "1", "19440228", "沈阳市和平区中华路 101 号 2 单元 402 室",
            "210102001002", "01"),
        resident(
            "JM0007", "吴秀英", "210102193912120020", nil, "2", "19391212", "沈阳市和平区中华路 77 号 1 单元 102 室", "210102001002",
            "03"),
    ]

    /// 走访记录: elderly visits in the app's fields — `jlbh` 记录编号, `sqdm` 社区代码, `xm`, `sfzh`, `lxdh`,
    /// `jzdz`, `zfrq` 走访日期 (yyyyMMdd), `zffs` 走访方式 (1 入户, 2 电话, 3 视频, 4 陪同), `zfsc` 走访时长（分钟）,
    /// `jkzk` 健康状况 (1 良好, 2 一般, 3 较差, 4 危重), `fwxq` 服务需求 codes (1 助餐 … 6 居家安全, 9 其他),
    /// `zfrxm` 走访人姓名, `zfrsf` 走访人身份 (1 网格员, 2 社区工作者, 3 志愿者, 4 家庭医生), `bz` 备注.
    /// Three visits in 北京街社区 (210102001001), one in 中华路社区 (210102001002).
    public static let sampleVisits: [JSONValue] = [
        visit(
            "ZF20261105001", "210102001001", "王桂兰", "210102193805120025", "024-23456789", "沈阳市和平区太原北街 12 号 3 单元 502 室",
            "20261105", "1", 40, "2", ["1", "6"], "李晓梅", "1", "卫生间无扶手，已登记适老化改造。"),
        visit(
            "ZF20261118002", "210102001001", "赵德顺", "21010219450302001X", nil, "沈阳市和平区南京北街 88 号 1 单元 101 室", "20261118",
            "2", 15, "1", [], "孙志强", "2", nil),
        visit(
            "ZF20261121004", "210102001001", "刘淑珍", "210102194011230048", "13840012399", "沈阳市和平区北京街 6 号 2 单元 301 室",
            "20261121", "3", 20, "1", ["4"], "张红", "3", nil),
        visit(
            "ZF20261120003", "210102001002", "周国强", "210102194402280017", "13700011122", "沈阳市和平区中华路 101 号 2 单元 402 室",
            "20261120", "1", 30, "3", ["2"], "李晓梅", "1", "血压偏高，已联系家庭医生。"),
    ]

    private static func resident(
        _ id: String, _ name: String, _ idNumber: String, _ phone: String?, _ sex: String, _ birth: String,
        _ address: String,
        _ community: String, _ category: String
    ) -> JSONValue {
        [
            "jlbh": .string(id), "xm": .string(name), "sfzh": .string(idNumber),
            "lxdh": phone.map(JSONValue.string) ?? .null, "xb": .string(sex),
            "csrq": .string(birth), "jzdz": .string(address), "sqdm": .string(community), "rylb": .string(category),
            "gxsj": "20261101083000",
        ]
    }

    private static func visit(
        _ id: String, _ community: String, _ name: String, _ idNumber: String, _ phone: String?, _ address: String,
        _ date: String, _ method: String, _ minutes: Int64, _ health: String, _ needs: [String], _ visitor: String,
        _ visitorRole: String, _ notes: String?
    ) -> JSONValue {
        [
            "jlbh": .string(id), "sqdm": .string(community), "xm": .string(name), "sfzh": .string(idNumber),
            "lxdh": phone.map(JSONValue.string) ?? .null, "jzdz": .string(address), "zfrq": .string(date),
            "zffs": .string(method),
            "zfsc": .integer(minutes), "jkzk": .string(health), "fwxq": .array(needs.map(JSONValue.string)),
            "zfrxm": .string(visitor), "zfrsf": .string(visitorRole), "bz": notes.map(JSONValue.string) ?? .null,
        ]
    }
}
