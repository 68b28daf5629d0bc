"""Spans of the tagger that read as something other than a name: grades, kinship
compounds, misread shapes, members of word lists, companies and shops named after
an owner; and the final choice among overlapping spans (`_dedupe`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from detectors.models.name_model import LEX_MODIFIER, LEX_NAME, LEX_PLACE, WORD_KINDS
from detectors.models.name_tagger import ORG_GAP_STOPS
from detectors.models.surnames import SINGLE_SURNAMES, TITLES as _TITLES
from detectors.recognizers.person.cues import _FUNCTION_FIRST, _MEMBER_SEPS, _RIGHT_ROLE

# An organisation follows within a few characters: 马钢(集团), 东方日升（宁波）电力有限公司.
# The bracket may hold a place (东方日升（宁波）电力开发有限公司).
# Round four: also the heads of small businesses (家政服务部, 农业合作社, 培训学校, 商贸),
# which a text names like a person's shop (张伟家政服务部: a trade name, as registered).
_ORG_WORDS = (
    "集团|公司|股份|有限|控股|银行|制药|药业|实业|科技|电器|能源"
    "|家政|服务部|合作社|培训学校|培训中心|商贸|经营部|门市部|工作室|商行|餐饮|地产|装饰工程|文化传播|贸易|加工厂"
)
# Not across a function character (王一诺的爸爸在华为公司: 王一诺 is a person).
_GAP = rf"[^\x00-\u4dff\ua000-\uffff{ORG_GAP_STOPS}]"
_ORG_AFTER = re.compile(
    rf"{_GAP}{{0,4}}?(?:[(（]{_GAP}{{1,4}}[)）])?{_GAP}{{0,4}}?"
    rf"[(（]?(?:{_ORG_WORDS})"
)
# A text without any of those words names no company (`_company_names` skipped).
_ORG_WORD = re.compile(_ORG_WORDS)
# Round five: a shop or small works named after its owner (张伟五金店, 李娜口腔诊所,
# 刘洋汽修厂, 王芳超市): establishment words and the characters that end the name of
# one, closed classes; `_shop_after` reads the trade words in front of them from the lexicon.
_SHOP_WORDS = (
    "超市", "商店", "书店", "饭店", "药店", "酒店", "花店", "商场", "餐厅", "餐馆", "饭馆", "面馆", "茶馆", "诊所",
    "驾校", "网吧", "小卖部", "门市部", "批发部", "维修部", "经营部", "工作室", "事务所", "旅行社", "加工厂",
    "修理厂", "培训班",
    # Round seven: more of the same closed class (farms, stalls, depots, markets).
    "药房", "药铺", "花店", "农家乐", "农场", "牧场", "渔场", "鱼塘", "果园", "摊位", "门诊", "卫生室", "卫生所",
    "美容院", "理发店", "画室", "琴行", "车行", "托管班", "辅导班", "补习班", "便利店", "快递站", "快递点", "家具城",
    "建材城", "菜馆", "酒楼", "茶楼", "早餐店", "水果店",
)
_SHOP_CHARS = frozenset("店厂部馆社铺坊场站城房")
_SHOP_RUN = re.compile(rf"[^\x00-\u4dff\ua000-\uffff{ORG_GAP_STOPS}]{{2,8}}")
# Words that mark a person (同学, 家长, 爸爸 …): an organisation word after one of them
# (王小明同学获得区科技创新大赛一等奖) belongs to another phrase.
_PERSON_WORD = re.compile("同学|老师|家长|学生|先生|女士|妈妈|爸爸|小朋友|同志|获得|荣获|参加")

# School grades written short (高一 … 高三, 初一 … 初三): 高 and 初 are surnames, but a
# grade is no name, nor the start of one when a class or term follows (高二理科2班,
# 初三(6)班, 高一上学期); 高一然 with a given name after the grade still is a name.
_GRADES = frozenset(a + b for a in "高初" for b in "一二三")
_AFTER_GRADE = frozenset("(0123456789一二三四五六七八九十班理文实重普国年级上下学期段组部生")
# Kinship compounds (two relatives named together, or a relative by generation):
# 母女, 父子, 孙女 … start with a surname character (母, 孙, 叔 …) but name nobody.
_KIN_PAIRS = frozenset((
    "母女 母子 父子 父女 兄妹 兄弟 姐弟 姐妹 夫妻 夫妇 婆媳 翁婿 祖孙 叔侄 伯侄 姑侄 姨甥 舅甥 姑嫂 叔嫂 妯娌 "
    "孙女 孙子 孙辈 外孙 侄子 侄女 婆孙 爷孙 奶孙 师徒 娘俩 爷俩 母亲 父亲 叔叔 伯伯 姑姑 舅舅"
).split())


# A number or a demonstrative and a measure word for things right before a span: 一篇范文,
# 这首长诗, 两本书 count things, not people (a person takes 个, 位 or 名).
_THING_MEASURE = re.compile(r"[一二两三四五六七八九十几这那每某哪][篇首份本道张幅段句条部册页则套件门项]$")
# The 24 solar terms and a few calendar words: 白露, 谷雨, 夏至 are dates; as a name each needs a cue.
_CALENDAR_WORDS = frozenset(
    "立春 雨水 惊蛰 春分 清明 谷雨 立夏 小满 芒种 夏至 小暑 大暑 立秋 处暑 白露 秋分 寒露 霜降 立冬 小雪 大雪 冬至 小寒 大寒 "
    "元旦 除夕 端午 中秋 重阳 七夕 元宵".split()
)


def _grade_or_kin(norm: str, a: int, b: int) -> bool:
    """norm[a:b] is, or starts with, a short grade (高二, 高二理|科2班) or a kinship
    compound (母女, 孙女|为) rather than a name: the word is the whole span, or a class
    word (for a grade) or a function character (for kin) follows it inside the span."""
    head = norm[a : a + 2]
    if head in _GRADES:
        return b - a == 2 or norm[a + 2 : a + 3] in _AFTER_GRADE
    if head in _KIN_PAIRS:
        return b - a == 2 or norm[a + 2 : a + 3] in _FUNCTION_FIRST
    return False


#: How far above the threshold a lone span that is a dictionary entry tagged a name must score.
_NAME_ENTRY_MARGIN = 2.0


def _weak_reading(norm: str, a: int, b: int, logit: float, threshold: float, code: Callable[[str], int],
                  alone: bool) -> bool:
    """norm[a:b] needs a cue to be a name (round seven), because it reads as something else:

    - it came in under a margin (its logit is at the threshold, not above: a name nearby, a
      list, a cue) and its first two characters are an ordinary word (医院的|单子|拍给您:
      单子), three characters long;
    - it is the only name the text would report and it is a dictionary entry itself, of any
      kind but a place (申请书, 金龟子, 安培力, 冷锋: entries jieba tags as names are mostly nouns
      and public figures), so nothing in the text says it is about a person; except an entry
      tagged a name that scores `_NAME_ENTRY_MARGIN` above the threshold.
    `code` is `Lexicon.code`."""
    if logit <= threshold and b - a == 3:
        head = code(norm[a : a + 2])
        if head // 8 in WORD_KINDS and head % 8 >= 2:
            return True
    if not alone:
        return False
    entry = code(norm[a:b])
    if entry == 0 or entry // 8 == LEX_PLACE:
        return False
    # An entry tagged a name (吴国华, 司增勤: jieba holds many full names) that scores well
    # above the threshold is left to the tagger.
    return entry // 8 != LEX_NAME or logit < threshold + _NAME_ENTRY_MARGIN


# Surnames that are also common verbs, and the modal verbs before which they are the verb.
_VERB_SURNAMES = frozenset("查管解盖")
_MODALS = frozenset("要去先再来想需得")
# What the word before a surname and a title may be (谢谢 is tagged a name in jieba's dictionary).
_HEAD_KINDS = WORD_KINDS | {LEX_NAME}


# Characters that end no given name: sentence-final particles and the in-law morphemes.
_NEVER_LAST = frozenset("啦吧呢吗嘛呀哦呗咯喽嘞哈媳婿")


def _adverb_reading(norm: str, a: int, b: int, code: Callable[[str], int], weak_first: bool) -> bool:
    """norm[a:b] reads as an adverb of the predicate, not as a name, even after a role word
    (爸爸|常年|在外地): a dictionary modifier (adjective or adverb) whose first character is a
    weak surname (`weak_first`, from `Lexicon.weak_surname`: 常, 成), with a function character right after it
    (在, 都, 就 …). Adjective-names with a strong surname (高明, 舒畅) are not touched. Round eight."""
    return weak_first and code(norm[a:b]) // 8 == LEX_MODIFIER \
        and norm[b : b + 1] != "" and norm[b] in _FUNCTION_FIRST


def _misread_shape(norm: str, a: int, b: int, code: Callable[[str], int]) -> bool:
    """norm[a:b] has the shape of a misreading, not of a name (round seven):

    - a reduplicated verb (查一查, 看一看) or the span starting at its second half
      (查一|查金龟子): a verb, then 一 and the same verb; or a surname that is also a common
      verb (查, 管, 解, 盖) right after a modal verb (要|查X的资料), unless a pupil or parent
      word follows (要查X同学…);
    - the span cuts a title in two (魏书|记, 陈老|师): its last character and the next
      one are a title (`_TITLES`);
    - the span ends with a sentence-final particle (谢啦 in a chat line) or an in-law
      morpheme (孙媳, 女婿): `_NEVER_LAST` (fifth session);
    - the span is a frequent ordinary word (jieba count 1,000 or more) before a colon: a
      form's key (与本人关系：父子), not a name;
    - the span ends at a surname that a title follows, and a frequent word (jieba count
      1,000 or more, an ordinary word or one tagged a name, not a place or a
      compound surname) ends right before that surname, starting in the span or one
      character before it (辛苦薛|医生, 谢谢姚|教练, 感|谢孟|医生): the surname and the title are one
      phrase, the word another. A full name before a title (张晓文老师) keeps its span: 张晓 is
      no such word. `code` is `Lexicon.code`."""
    if (norm[a + 1 : a + 2] == "一" and norm[a + 2 : a + 3] == norm[a]) \
            or (a >= 2 and norm[a - 1] == "一" and norm[a - 2] == norm[a]):
        return True
    if a >= 1 and norm[a] in _VERB_SURNAMES and norm[a - 1] in _MODALS and not norm.startswith(_RIGHT_ROLE, b):
        return True  # 要|查X的资料: a surname that is a verb, after a modal verb, is the verb
    if norm[b - 1 : b + 1] in _TITLES:
        return True
    if norm[b - 1] in _NEVER_LAST:
        return True  # 谢|啦, 孙|媳: a sentence-final particle or an in-law word ends no name
    whole = code(norm[a:b])
    if b < len(norm) and norm[b] in ":：" and whole // 8 in WORD_KINDS and whole % 8 >= 3:
        return True  # a frequent word before a colon is a form's key (关系：父子), not a name
    if b - a >= 2 and b >= 3 and norm[b - 1] in SINGLE_SURNAMES and norm[b : b + 2] in _TITLES:
        head = code(norm[b - 3 : b - 1])
        return head % 8 >= 3 and head // 8 in _HEAD_KINDS
    return False


def _whole_member(norm: str, a: int, b: int) -> bool:
    """norm[a:b] stands alone between list separators (or the text's ends; spaces around allowed)."""
    before = norm[:a].rstrip(" ")
    after = norm[b:].lstrip(" ")
    return (not before or before[-1] in _MEMBER_SEPS or before[-1] in ":：") and (not after or after[0] in _MEMBER_SEPS)


def _neighbour_members(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of the list members right before and after norm[a:b], each the text
    between two separators with spaces trimmed; only those of 2–4 characters. Reads a window
    of `_MEMBER_WINDOW` characters on each side (a member with more spaces than that around it
    is not looked for), so a long one-line table costs the same per candidate as a short one."""
    out: list[tuple[int, int]] = []
    left_end = a - 1
    while left_end >= 0 and norm[left_end] == " ":
        left_end -= 1
    if left_end > 0 and norm[left_end] in _MEMBER_SEPS and norm[left_end] != "\n":
        end = left_end
        while end > 0 and norm[end - 1] == " ":
            end -= 1
        lo = max(0, end - _MEMBER_WINDOW)
        seps = max((norm.rfind(c, lo, end) for c in _MEMBER_SEPS | {":", "："}), default=-1)
        if seps >= 0 or lo == 0:
            start = seps + 1
            while start < end and norm[start] == " ":
                start += 1
            if 2 <= end - start <= 4:
                out.append((start, end))
    right_start = b
    while right_start < len(norm) and norm[right_start] == " ":
        right_start += 1
    if right_start < len(norm) and norm[right_start] in _MEMBER_SEPS and norm[right_start] != "\n":
        start = right_start + 1
        while start < len(norm) and norm[start] == " ":
            start += 1
        hi = min(len(norm), start + _MEMBER_WINDOW)
        ends = [i for i in (norm.find(c, start, hi) for c in _MEMBER_SEPS | {"。"}) if i >= 0]
        if ends or hi == len(norm):
            end = min(ends, default=len(norm))
            while end > start and norm[end - 1] == " ":
                end -= 1
            if 2 <= end - start <= 4:
                out.append((start, end))
    return out


#: How far `_neighbour_members` reads on each side of a candidate.
_MEMBER_WINDOW = 64


def _company_names(norm: str, found: list[tuple[int, int, float]], is_word: Callable[[str], bool],
                   name_char: Callable[[str], bool] = lambda _ch: False) -> set[str]:
    """Found strings that somewhere in this text begin an organisation's name: the
    text uses them as a company (马钢(集团)控股有限公司 … 马钢总公司) or a shop
    (张伟五金店, 李娜口腔诊所), not a person. A person word between the name and the
    organisation word (王小明同学获得区科技创新奖) says it is a person all the same.
    A two-character name whose next character reads as a given name's (`name_char`) and
    then a shop is the shop's three-character name cut short (罗熹|皎母婴店)."""
    out: set[str] = set()
    has_org = _ORG_WORD.search(norm) is not None
    for name in {norm[s:e] for s, e, _ in found}:
        pos = norm.find(name)
        while pos >= 0:
            end = pos + len(name)
            m = _ORG_AFTER.match(norm, end) if has_org else None
            if (m and not _PERSON_WORD.search(m.group())) or _shop_after(norm, end, is_word) \
                    or norm.startswith(_SHOP_WORDS, end - 1) \
                    or (len(name) == 2 and name_char(norm[end : end + 1]) and _shop_after(norm, end + 1, is_word)):
                # 张伟超|市: the name ate the shop word's head; 罗熹|皎母婴店: it left a character out
                out.add(name)
                break
            pos = norm.find(name, pos + 1)
    return out


def _shop_after(norm: str, end: int, is_word: Callable[[str], bool]) -> bool:
    """An establishment is named right after `end`: an establishment word (超市, 诊所),
    or one or two dictionary words of trade (五金, 水产批发, 口腔) and then such a word
    or a shop character (店, 厂, 部 …) that starts no longer word (部分, 店里), with
    no function character between (张伟在超市 stays a person)."""
    run = _SHOP_RUN.match(norm, end)
    if run is None:
        return False
    text = run.group()
    for i in (0, 2, 4):
        if i and (not is_word(text[i - 2 : i]) or _PERSON_WORD.fullmatch(text[i - 2 : i])):
            return False
        if text.startswith(_SHOP_WORDS, i):
            return True
        # The shop character starts no longer word (部分, 店里), or the trade word and it are
        # one dictionary word themselves (养殖场|上夜班, 眼镜店|里: round seven).
        if i and text[i : i + 1] in _SHOP_CHARS and (not is_word(text[i : i + 2]) or is_word(text[i - 2 : i + 1])):
            return True
    return False


def _dedupe(spans: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Roster names first, then longer spans; drop anything overlapping what is kept."""
    kept: list[tuple[int, int, float, str]] = []
    # Characters covered by a kept span: a span overlaps one exactly when it covers a marked character.
    taken = bytearray(max((e for _s, e, _sc, _src in spans), default=0))
    for span in sorted(spans, key=lambda x: (x[3] != "roster", -(x[1] - x[0]))):
        start, end = span[0], span[1]
        if 1 not in taken[start:end] if start < end else all(end <= k[0] or start >= k[1] for k in kept):
            kept.append(span)
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)
