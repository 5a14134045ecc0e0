#!/usr/bin/env python3
"""Regenerates docs/screenshots/ from `gridway demo`.

Starts `gridway demo` in a fresh data directory, reads the portal address and the printed sign-ins of
李晓梅 (liximei, a community worker) and 王强 (operator), files the demo's example report and sends a
task, a notice and an aggregate result to the community the way an upper-level system would (with the
printed keys), then walks the portal in headless Chromium as each of them and photographs each page at
desktop (1280 px) and phone (390 x 844) size: <page>-desktop.png and <page>-phone.png, whole pages.

Usage, from the repository root after `swift build`:

    python3 docs/screenshots/make-screenshots.py [--gridway .build/debug/gridway] [--out docs/screenshots]

Needs Python's selenium (pip install selenium; axe-selenium-python brings it) and Debian's chromium,
chromium-driver and chromium-l10n (.ci/run installs them all).
"""

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# The tallest part of a page kept in a screenshot, in CSS pixels.
MAX_HEIGHT = 3200


def start_demo(gridway, data_directory):
    """Starts the demo on a free port and returns (process, what it printed up to its last line)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo = subprocess.Popen(
        [gridway, "demo", "--port", str(port), "--data-directory", data_directory],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    printed = []
    deadline = time.time() + 120
    for line in demo.stdout:
        printed.append(line)
        if line.startswith("Ctrl-C stops") or time.time() > deadline:
            break
    text = "".join(printed)
    if "Ctrl-C stops" not in text:
        demo.kill()
        sys.exit("gridway demo did not start:\n" + text)
    return demo, text


def read_guide(text):
    """The portal address, the sign-ins, the keys and the example report the demo printed."""
    def find(pattern):
        match = re.search(pattern, text)
        if not match:
            sys.exit("the demo did not print " + pattern)
        return match.group(1)
    return {
        "base": find(r"Gridway listening on (\S+)"),
        "worker": (find(r"username (liximei), password"), find(r"username liximei, password (\S+)")),
        "operator": (find(r"username (operator), password"), find(r"username operator, password (\S+)")),
        "staff key": find(r"staff key for \S+ \S+: (\S+)"),
        "upstream key": find(r"upstream key for [^:]+: (\S+)"),
        "report": json.loads(find(r"--data-binary '(\{.*\})'")),
    }


def call(base, key, path, body, idempotency_key):
    """POSTs `body` as JSON with `key` and returns the answer's JSON."""
    request = urllib.request.Request(
        base + path, data=json.dumps(body, ensure_ascii=False).encode(), method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json",
                 "Idempotency-Key": idempotency_key})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        sys.exit("POST %s answered %d: %s" % (path, error.code, error.read().decode()))


def id_number(first17):
    """An identity-card number: the 17 digits and their ISO 7064 MOD 11-2 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


# Last month's visits filed by the community's grid workers, so that the aggregates have rows for its grids.
GRID_VISITS = [
    {"grid": "001", "visitor": "赵红梅", "data": {
        "elderName": "张秀英", "elderIdNumber": id_number("21010219410315002"), "elderPhone": "13940056721",
        "address": "沈阳市和平区北京街 8 号 2 单元 301 室", "visitDate": "2026-11-12", "visitType": "home",
        "durationMinutes": 35, "healthStatus": "good", "needs": ["companionship"], "notes": "老人精神很好，子女每周探望。"}},
    {"grid": "001", "visitor": "赵红梅", "data": {
        "elderName": "刘淑珍", "elderIdNumber": id_number("21010219360722004"), "elderPhone": "024-23381762",
        "address": "沈阳市和平区北京街 10 号 1 单元 602 室", "visitDate": "2026-11-18", "visitType": "phone",
        "durationMinutes": 15, "healthStatus": "fair", "needs": ["meal"], "notes": "腿脚不便，希望社区食堂送餐。"}},
    {"grid": "002", "visitor": "孙志刚", "data": {
        "elderName": "陈国华", "elderIdNumber": id_number("21010219390109001"), "elderPhone": "13804012286",
        "address": "沈阳市和平区南京北街 22 号 4 单元 101 室", "visitDate": "2026-11-20", "visitType": "accompanied",
        "durationMinutes": 90, "healthStatus": "poor", "needs": ["medical", "housekeeping"],
        "notes": "陪同到社区卫生服务中心复查血压，建议家庭医生上门随访。"}},
]


# Two rows for the import preview: the second has a health status that is not one of the choices.
IMPORT_FILE = (
    "报告周期,老人姓名,老人身份证号,居住地址,走访日期,走访方式,走访时长（分钟）,健康状况,服务需求,走访人姓名,走访人身份\n"
    "2026年11月,吴淑兰,%s,沈阳市和平区北京街 12 号 1 单元 201 室,2026/11/23,视频问候,15,良好,,李晓梅,网格员\n"
    "2026.11,郑国强,%s,沈阳市和平区北京街 14 号 3 单元 402 室,2026年11月24日,入户走访,35,还行,医疗护理、家政保洁,李晓梅,网格员\n"
) % (id_number("21010219400202002"), id_number("21010219380808001"))


def this_month():
    """The month it is in China Standard Time, as the portal's tasks name it."""
    return time.strftime("%Y-%m", time.gmtime(time.time() + 8 * 3600))


def seed(guide):
    """Files the demo's example report, then sends the community a task for this month, a notice and
    last month's figures, as the civil affairs bureau's system would."""
    base, unit = guide["base"], guide["report"]["unit"]
    call(base, guide["staff key"], "/v1/submissions", guide["report"], "screenshots-report")
    for index, visit in enumerate(GRID_VISITS):
        report = json.loads(json.dumps(guide["report"]))
        report["unit"] = unit + visit["grid"]
        report["data"].update(visit["data"])
        report["data"]["visitor"] = {"name": visit["visitor"], "role": "grid-worker"}
        call(base, guide["staff key"], "/v1/submissions", report, "screenshots-grid-%d" % index)
    month = this_month()
    # The figures of last month's reports filed above, as the bureau sums them.
    visits = [guide["report"]["data"]] + [visit["data"] for visit in GRID_VISITS]
    last = guide["report"]["period"]
    results = [
        {"kind": "task", "title": "本月独居老人走访", "body": "请在月底前完成本月走访并填报。",
         "audience": {"units": [unit]},
         "task": {"contract": "elderly-visit@1", "period": month, "dueAt": month + "-28T10:00:00Z"}},
        {"kind": "notice", "title": "寒潮预警", "body": "本周末气温骤降，请走访独居老人，检查取暖设施。",
         "audience": {"units": [unit]}},
        {"kind": "aggregate", "title": "上月走访汇总", "body": "全区上月走访情况，供参考。",
         "audience": {"units": [unit]},
         "data": {"contract": "elderly-visit@1", "period": last,
                  "measures": {"visits": len(visits), "totalMinutes": sum(v["durationMinutes"] for v in visits)}}},
    ]
    for index, result in enumerate(results):
        call(base, guide["upstream key"], "/v1/results", result, "screenshots-result-%d" % index)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--lang=zh-CN", "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    # The browser's own controls (date and month pickers) in Chinese, as a worker's browser shows them
    # (Debian's chromium-l10n has the Chinese resources).
    chinese = dict(os.environ, LANG="zh_CN.UTF-8", LANGUAGE="zh_CN:zh")
    browser = webdriver.Chrome(service=Service(driver, env=chinese), options=options)
    emulate(browser, "desktop")
    return browser


def emulate(driver, size):
    """Sets the viewport to one of SIZES exactly (a window cannot be narrower than 500 px), as a phone for "phone"."""
    width, height = SIZES[size]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"})


def photograph(driver, out, name):
    """Saves the whole page (up to MAX_HEIGHT) at each of SIZES as <name>-<size>.png."""
    for size, (width, height) in SIZES.items():
        emulate(driver, size)
        page_height = driver.execute_script("return document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": width, "height": min(max(page_height, height), MAX_HEIGHT), "scale": 1}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        with open(os.path.join(out, "%s-%s.png" % (name, size)), "wb") as file:
            file.write(base64.b64decode(shot["data"]))
    emulate(driver, "desktop")


def wait_for(driver, script):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(script))


def sign_in(driver, portal, who):
    driver.get(portal + "/sign-in")
    driver.find_element(By.ID, "username").send_keys(who[0])
    driver.find_element(By.ID, "password").send_keys(who[1])
    driver.find_element(By.CSS_SELECTOR, "form button.primary").click()
    wait_for(driver, "return location.pathname !== '/portal/sign-in'")


def worker_pages(driver, guide, shoot):
    """The community worker's pages, photographed by `shoot(name)`."""
    portal = guide["base"] + "/portal"
    driver.get(portal + "/sign-in")
    shoot("sign-in")
    sign_in(driver, portal, guide["worker"])
    shoot("tasks")
    # The month's task: the form, the elder picked among those offered, her facts filled.
    driver.get(portal + "/forms/elderly-visit@1?period=" + this_month())
    wait_for(driver, "return document.getElementById('f-_subject') !== null")
    subject = guide["report"]["data"]["elderIdNumber"]
    driver.execute_script("document.getElementById('f-_subject').value = arguments[0]", subject)
    driver.find_element(By.CSS_SELECTOR, "form.subject-picker button[type=submit]").click()
    wait_for(driver, "return document.getElementById('f-elderName').value !== ''")
    shoot("form-subject")
    # A duration out of range, sent as a browser without the script would: the server's error beside it.
    driver.execute_script(
        "var set = function (id, value) { document.getElementById(id).value = value; };"
        "set('f-visitDate', arguments[0]); set('f-visitType', 'phone'); set('f-healthStatus', 'good');"
        "set('f-durationMinutes', '700'); set('f-visitor-name', '李晓梅'); set('f-visitor-role', 'grid-worker');"
        "document.querySelector('form.report').submit();",
        time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600)))
    wait_for(driver, "return document.getElementById('error-summary') !== null")
    shoot("form-error")
    driver.execute_script("document.getElementById('f-durationMinutes').value = '20'")
    driver.find_element(By.CSS_SELECTOR, "form.report button[type=submit]").click()
    wait_for(driver, "return location.pathname.indexOf('/portal/submissions/') === 0")
    wait_for(driver, "var s = document.querySelectorAll('#deliveries [data-state]');"
                     "return s.length > 0 && Array.prototype.every.call(s, function (e) { return e.dataset.state === 'delivered'; })")
    shoot("submission")
    for path, name in [("/submissions", "submissions"), ("/inbox", "inbox"),
                       ("/aggregates?period=" + guide["report"]["period"], "aggregates"),
                       ("/forms/elderly-visit@1/upload", "import")]:
        driver.get(portal + path)
        shoot(name)
    # A file of two visits with Chinese labels and dates as people type them, one health status misspelt.
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8-sig", delete=False) as upload:
        upload.write(IMPORT_FILE)
    try:
        driver.find_element(By.ID, "file").send_keys(upload.name)
        driver.find_element(By.ID, "upload-preview").click()
        wait_for(driver, "return document.getElementById('import-summary') !== null")
        shoot("import-preview")
    finally:
        os.unlink(upload.name)
    driver.find_element(By.CSS_SELECTOR, ".who form button").click()
    wait_for(driver, "return location.pathname === '/portal/sign-in'")


def operator_pages(driver, guide, shoot):
    """The operator's pages, photographed by `shoot(name)`."""
    portal = guide["base"] + "/portal"
    sign_in(driver, portal, guide["operator"])
    for path, name in [("/admin/deliveries", "deliveries"), ("/admin/targets", "targets"),
                       ("/admin/adapters", "adapters"), ("/admin/access", "access"),
                       ("/admin/audit?verify=1", "audit")]:
        driver.get(portal + path)
        shoot(name)
    driver.find_element(By.CSS_SELECTOR, ".who form button").click()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gridway", default=".build/debug/gridway")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    arguments = parser.parse_args()
    data = tempfile.mkdtemp(prefix="gridway-screenshots-")
    demo, printed = start_demo(arguments.gridway, data)
    try:
        guide = read_guide(printed)
        seed(guide)
        driver = browser()
        try:
            shoot = lambda name: photograph(driver, arguments.out, name)
            worker_pages(driver, guide, shoot)
            operator_pages(driver, guide, shoot)
        finally:
            driver.quit()
    finally:
        demo.terminate()
        demo.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    print("screenshots written to " + arguments.out)


if __name__ == "__main__":
    main()
