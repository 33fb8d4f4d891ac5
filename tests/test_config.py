"""govmon/config.py: the shipped config loads; every bad file names its file, line and field.

Each case copies config/*.yaml to tmp_path and edits the copy. Expected lines are found in the
copy's own text, so the test keeps pointing at the right line when the shipped files change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govmon.config import Config, ConfigError, load_config
from govmon.config_errors import format_loc

UNITS, RULES, CRAWL = "units.yaml", "rules.yaml", "crawl.yaml"


@pytest.fixture
def shipped(config_dir: Path) -> Config:
    return load_config(config_dir)


@pytest.fixture
def copy(config_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "config"
    target.mkdir()
    for path in config_dir.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def edit(path: Path, old: str, new: str, after: str = "") -> int:
    """Replace the first `old` after the first `after`; return the 1-based line where `old` began."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    index = text.index(old, start)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return line_at(text, index)


def line_of_text(path: Path, needle: str, after: str = "") -> int:
    text = path.read_text(encoding="utf-8")
    return line_at(text, text.index(needle, text.index(after) if after else 0))


def fails(directory: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(directory)
    return caught.value


def assert_names(error: ConfigError, path: Path, line: int | None, field: str | None, words: str) -> None:
    """The message a clerk reads names the file, the line, the field and the problem."""
    message = str(error)
    assert error.path == path
    assert str(path) in message
    assert error.line == line
    if line is not None:
        assert f"第 {line} 行" in message
    if field is not None:
        assert f"字段 {field}：" in message
    else:
        assert error.loc is None
    assert words in message


def site_position(config: Config, site_id: str) -> tuple[int, int]:
    for u, unit in enumerate(config.units):
        for s, site in enumerate(unit.sites):
            if site.id == site_id:
                return u, s
    raise LookupError(site_id)


def unit_position(config: Config, unit_id: str) -> int:
    return [unit.id for unit in config.units].index(unit_id)


# ---------------------------------------------------------------- the shipped config


def test_the_shipped_config_loads(shipped: Config, config_dir: Path) -> None:
    assert shipped.directory == config_dir
    assert shipped.units and shipped.sites()
    ids = [unit.id for unit in shipped.units]
    ids += [site.id for _, site in shipped.sites()]
    ids += [account.id for unit in shipped.units for account in unit.accounts]
    assert len(ids) == len(set(ids))
    assert shipped.unit(shipped.units[0].id) is shipped.units[0]
    rules = shipped.rules
    assert (rules.links.timeout_s, rules.links.max_redirects) == (15, 8)
    assert rules.links.dead_statuses == [404, 410]
    assert rules.links.blocked_statuses == [401, 403, 429]
    assert (rules.home_stale.days, rules.home_stale.warn_days) == (14, 10)
    assert rules.scoring.fail_below == 60
    assert sum(group.cap for group in rules.scoring.groups.values()) == 100  # caps sum to 100
    assert {deduction.group for deduction in rules.scoring.deductions} <= set(rules.scoring.groups)
    assert shipped.crawl.timeout_s == 15 and shipped.crawl.obey_robots is True


# ---------------------------------------------------------------- units.yaml


def test_wrong_literal(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "kind: portal", "kind: portl", after="id: qingshan-portal")
    u, s = site_position(shipped, "qingshan-portal")
    error = fails(copy)
    assert_names(error, path, line, f"units[{u}].sites[{s}].kind", "'portl'")
    assert "'portal'" in str(error) and "'department'" in str(error)
    assert error.loc == ("units", u, "sites", s, "kind")


def test_missing_required_field(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    edit(path, "        name: 青山市人民政府门户网站\n", "", after="id: qingshan-portal")
    u, s = site_position(shipped, "qingshan-portal")
    # the site that lacks it, named where the site begins
    assert_names(fails(copy), path, line_of_text(path, "- id: qingshan-portal"), f"units[{u}].sites[{s}].name",
                 "缺少必填字段")


def test_missing_required_threshold(copy: Path) -> None:
    path = copy / RULES
    edit(path, "warn_days: 10", "# warn_days: 10", after="home_stale:")
    # the section that lacks it, named on its own line
    assert_names(fails(copy), path, line_of_text(path, "home_stale:"), "home_stale.warn_days", "缺少必填字段")


def test_unknown_key(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "render: never", "rendr: never", after="id: qingshan-portal")
    u, s = site_position(shipped, "qingshan-portal")
    assert_names(fails(copy), path, line, f"units[{u}].sites[{s}].rendr", "未知字段")


def test_a_misspelt_required_key_is_named_as_the_typo(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "name: 青山市人民政府门户网站", "nmae: 青山市人民政府门户网站", after="id: qingshan-portal")
    u, s = site_position(shipped, "qingshan-portal")
    assert_names(fails(copy), path, line, f"units[{u}].sites[{s}].nmae", "未知字段")


def test_a_misspelt_section_is_named_on_its_line(copy: Path) -> None:
    path = copy / RULES
    line = edit(path, "home_stale:", "home_stal:")
    assert_names(fails(copy), path, line, "home_stal", "未知字段")


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        *[pytest.param(bad, "格式不正确", id=name) for name, bad in [
            ("capitals", "Qingshan-Portal"), ("underscore", "qingshan_portal"), ("space", "qing shan"),
            ("leading-hyphen", "-qingshan"), ("chinese", "青山门户"), ("empty", ""),
        ]],
        pytest.param("a" * 65, "太长（最多 64 个字符）", id="too-long"),
    ],
)
def test_bad_id_pattern(copy: Path, shipped: Config, bad: str, words: str) -> None:
    path = copy / UNITS
    line = edit(path, "id: qingshan-portal", f'id: "{bad}"')
    u, s = site_position(shipped, "qingshan-portal")
    assert_names(fails(copy), path, line, f"units[{u}].sites[{s}].id", words)


def test_bad_unit_id_pattern(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "- id: qingshan-jyj\n", "- id: Qingshan_JYJ\n")
    assert_names(fails(copy), path, line, f"units[{unit_position(shipped, 'qingshan-jyj')}].id", "格式不正确")


def id_loc(config: Config, identifier: str) -> tuple[object, ...]:
    """Where an id sits in units.yaml: a unit's, a site's or an account's."""
    for u, unit in enumerate(config.units):
        if unit.id == identifier:
            return ("units", u, "id")
        for s, site in enumerate(unit.sites):
            if site.id == identifier:
                return ("units", u, "sites", s, "id")
        for a, account in enumerate(unit.accounts):
            if account.id == identifier:
                return ("units", u, "accounts", a, "id")
    raise LookupError(identifier)


@pytest.mark.parametrize(
    ("renamed", "duplicate"),
    [
        pytest.param("qingshan-jyj-weibo", "qingshan-portal", id="account-as-site"),
        pytest.param("hexi-portal", "qingshan", id="site-as-unit"),
        pytest.param("hexi-wlj", "hexi", id="unit-as-unit"),
        pytest.param("qingshan-jyj-site", "qingshan-wechat", id="site-as-account"),
    ],
)
def test_duplicate_id(copy: Path, shipped: Config, renamed: str, duplicate: str) -> None:
    path = copy / UNITS
    loc = id_loc(shipped, renamed)
    line = edit(path, f"id: {renamed}\n", f"id: {duplicate}\n")
    assert line > line_of_text(path, f"id: {duplicate}\n")  # the second of the two is the one named
    error = fails(copy)
    assert_names(error, path, line, format_loc(loc), f"标识 {duplicate} 重复")
    assert error.loc == loc


def test_unknown_parent(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "parent: hexi\n", "parent: hexi-qu\n", after="- id: hexi-wlj\n")
    assert_names(fails(copy), path, line, f"units[{unit_position(shipped, 'hexi-wlj')}].parent",
                 "上级单位 hexi-qu 不存在")


def test_bad_url(copy: Path, shipped: Config) -> None:
    path = copy / UNITS
    line = edit(path, "url: http://www.qingshan.gov.cn:18080/", "url: www.qingshan.gov.cn", after="id: qingshan-portal")
    u, s = site_position(shipped, "qingshan-portal")
    assert_names(fails(copy), path, line, f"units[{u}].sites[{s}].url", "http://")


# ---------------------------------------------------------------- not YAML, not UTF-8, not there


def test_yaml_syntax_error(copy: Path) -> None:
    path = copy / UNITS
    line = edit(path, "name: 青山发布", "name: 青山: 发布")
    assert_names(fails(copy), path, line, None, "YAML 语法错误")


def test_yaml_tab_indentation(copy: Path) -> None:
    path = copy / UNITS
    line = edit(path, "        render: never\n", "\trender: never\n", after="id: qingshan-portal")
    assert_names(fails(copy), path, line, None, "YAML 语法错误")


def test_unclosed_quote_names_where_it_opened(copy: Path) -> None:
    path = copy / CRAWL
    line = edit(path, 'user_agent: "Mozilla', 'user_agent: "Mozilla\n  "broken')
    error = fails(copy)
    assert error.line is not None and error.line > line  # where the parser gave up
    assert f"始于第 {line} 行" in str(error)  # and where the quote opened


def test_whole_file_in_gbk(copy: Path, config_dir: Path) -> None:
    path = copy / UNITS
    text = (config_dir / UNITS).read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(i for i, char in enumerate(text) if ord(char) > 127)
    assert_names(fails(copy), path, line_at(text, first_chinese), None, "UTF-8")


def test_one_line_in_gbk(copy: Path) -> None:
    path = copy / UNITS
    text = path.read_text(encoding="utf-8")
    bad = "name: 青山市教育局\n"
    index = text.index(bad)
    path.write_bytes(text[:index].encode() + bad.encode("gbk") + text[index + len(bad) :].encode())
    assert_names(fails(copy), path, line_at(text, index), None, "不是 UTF-8")


@pytest.mark.parametrize("content", [b"", b"\n\n", "# 只有注释\n# 没有内容\n".encode()])
def test_empty_file(copy: Path, content: bytes) -> None:
    path = copy / RULES
    path.write_bytes(content)
    assert_names(fails(copy), path, 1, None, "现为空")


def test_a_list_at_the_top_level(copy: Path) -> None:
    path = copy / UNITS
    text = path.read_text(encoding="utf-8")
    line = edit(path, "units:\n", "")  # the list of units left at the top
    assert text.index("units:\n") < text.index("  - id:")
    assert_names(fails(copy), path, line, None, "键值映射")


def test_a_scalar_at_the_top_level(copy: Path) -> None:
    path = copy / CRAWL
    path.write_text("# 抓取设置\n\n15\n", encoding="utf-8")
    assert_names(fails(copy), path, 3, None, "键值映射")


@pytest.mark.parametrize("name", [UNITS, RULES, CRAWL])
def test_missing_file(copy: Path, name: str) -> None:
    path = copy / name
    path.unlink()
    assert_names(fails(copy), path, None, None, "文件不存在")


# ---------------------------------------------------------------- rules.yaml and crawl.yaml


def test_deduction_with_an_undefined_group(copy: Path, shipped: Config) -> None:
    path = copy / RULES
    line = edit(path, "group: updates", "group: update", after="{code: COLUMN-STALE")
    index = [d.code for d in shipped.rules.scoring.deductions].index("COLUMN-STALE")
    assert_names(fails(copy), path, line, f"scoring.deductions[{index}].group", "扣分组 update 未在 scoring.groups 中定义")


def test_deduction_for_an_unknown_code(copy: Path, shipped: Config) -> None:
    """A typo in a code would silently cost nothing: it is an error naming the line."""
    path = copy / RULES
    line = edit(path, "code: DOC-LATE", "code: DOC-LAET", after="deductions:")
    index = [d.code for d in shipped.rules.scoring.deductions].index("DOC-LATE")
    assert_names(fails(copy), path, line, f"scoring.deductions[{index}].code", "问题编码 DOC-LAET 不存在")


def test_same_problem_with_an_unknown_code(copy: Path) -> None:
    path = copy / RULES
    line = edit(path, "[COLUMN-EMPTY, COLUMN-STALE]", "[COLUMN-EMPTY, COLUMN-STAEL]", after="same_problem:")
    assert_names(fails(copy), path, line, "scoring.same_problem[0][1]", "问题编码 COLUMN-STAEL 不存在")


@pytest.mark.parametrize(
    ("name", "old", "new", "after", "field", "words"),
    [
        pytest.param(RULES, "days: 14", "days: fourteen", "home_stale:", "home_stale.days", "应为整数", id="int"),
        pytest.param(RULES, "days: 14", "days: 14.5", "home_stale:", "home_stale.days", "应为整数", id="fraction"),
        pytest.param(RULES, "days: 14", "days: -1", "home_stale:", "home_stale.days", "数值太小", id="negative"),
        pytest.param(RULES, "dead_server_errors: true", "dead_server_errors: maybe", "", "links.dead_server_errors",
                     "true 或 false", id="bool"),
        pytest.param(RULES, "dead_statuses: [404, 410]", "dead_statuses: [404, gone]", "", "links.dead_statuses[1]",
                     "应为整数", id="list-item"),
        pytest.param(RULES, "dead_statuses: [404, 410]", "dead_statuses: 404", "", "links.dead_statuses", "应为列表",
                     id="list"),
        pytest.param(RULES, "veto_ratio: 0.05", "veto_ratio: 5%", "", "availability.veto_ratio", "应为数字",
                     id="ratio-text"),
        pytest.param(RULES, "veto_ratio: 0.05", "veto_ratio: 5", "", "availability.veto_ratio", "数值太大",
                     id="ratio-range"),
        pytest.param(RULES, 'department_due: "01-31"', 'department_due: "1月31日"', "", "annual_report.department_due",
                     "格式不正确", id="due-date"),
        pytest.param(CRAWL, "timeout_s: 15", "timeout_s: slow", "", "timeout_s", "应为数字", id="crawl-float"),
        pytest.param(CRAWL, "concurrency_per_host: 2", "concurrency_per_host: 20", "", "concurrency_per_host",
                     "数值太大", id="crawl-limit"),
    ],
)
def test_threshold_of_the_wrong_type(
    copy: Path, name: str, old: str, new: str, after: str, field: str, words: str
) -> None:
    path = copy / name
    line = edit(path, old, new, after)
    assert_names(fails(copy), path, line, field, words)


def test_a_wrong_section_type_is_named_on_its_line(copy: Path) -> None:
    path = copy / RULES
    text = path.read_text(encoding="utf-8")
    start, end = text.index("home_stale:"), text.index("columns:")
    path.write_text(text[:start] + "home_stale: 14\n\n" + text[end:], encoding="utf-8")
    assert_names(fails(copy), path, line_at(text, start), "home_stale", "应为键值映射")
