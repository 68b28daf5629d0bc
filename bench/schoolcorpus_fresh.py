"""The fresh split's vocabulary for `bench.schoolcorpus` (split ``fresh``).

Written after the sealed, blind and final splits had all been seen by the people tuning the
name model, by someone who ran no detector or model on it, saw no score and read none of the
detector's lexicons: its given names, character pools, name-words, minority and English
names, compound surnames, classes, schools, role words, separators, tails, company suffixes,
hard negatives and template wordings are new, disjoint from the train, tune, test, sealed,
blind and final lists (tests/bench/test_schoolcorpus_held_out.py checks it). Only the
single-character surnames are shared, as in any real school. The situations and the share of
hard negatives follow the test split. Nothing here is real data.

Real compound surnames not yet used by another split are few; the fresh split takes ten of
them (单于, 羊舌, 微生 ... from the Hundred Family Surnames; 范姜, 张简 as registered in
Taiwan, whose first character is itself a common surname), at the blind and final splits'
rate (`COMPOUND_RATE_FR`).
"""

from __future__ import annotations

__all__ = [
    "FRESH_SEED", "COMPOUND_FR", "COMPOUND_RATE_FR", "GIVEN2_FR", "GIVEN1_FR", "POOL_FR", "NAME_CHARS_FR",
    "WORDNAMES_FR", "MINORITY_FR", "ENGLISH_FR", "NEG_FR", "TEMPLATES_FR", "CUES_FR", "SEPS_FR", "TAILS_FR",
    "CLASSES_FR", "SCHOOLS_FR", "ORG_SUFFIXES_FR", "WORD_FREQ_FR",
]

# Drawn at random (secrets.randbelow(1_000_000)), not derived from the other seeds.
FRESH_SEED = 150087

# Real compound surnames not used by any other split.
COMPOUND_FR = ("单于", "羊舌", "微生", "南门", "归海", "子车", "相里", "即墨", "范姜", "张简")
COMPOUND_RATE_FR = 0.01

# Curated two-character given names as registered in the 2000s and 2010s, and some of the
# parents' and grandparents' generation (家长, 监护人, 爷爷奶奶).
GIVEN2_FR = (
    "佳琦 依晨 子晴 心悦 佳宜 艺涵 艺璇 沐橙 可昕 芮涵 梓淇 家怡 婉婷 一琳 若瑶 诗雅 静怡 "
    "皓然 俊哲 嘉豪 博远 峻熙 煜祺 烨霖 晟睿 致远 子骏 锦泽 弘毅 瑞阳 伟宸 语墨 知行 修远 "
    "建伟 红英 秀梅 桂英 淑芬 春梅 国华 卫红 爱国 援朝 玉珍 桂香 翠花 德福 根生 建民 晓燕 素琴"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_FR = tuple("畅曼滔鹤炳茂敬翼雁焘")
# Two pools for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_FR = "昭彬熹宓笙聿栀颢凝梵婳皎"
NAME_CHARS_FR = "娴暖濠菊薰琥珀锡根柱娣煌岸岭兮凌宜泉竹笑筝蝶裕誉迪颂馥鹭麒黛劭琅珲玺莎稼耘卉寅庭徽忆惟曙檀浔灏甄砚衡贞跃韶鲲霈"

# Names that are also ordinary words, as parents really give them (林涛, 张扬, 江帆).
WORDNAMES_FR = ("林涛 张扬 关心 凌霄 谷雨 钟鸣 齐鸣 秦岭 柏林 石坚 金辉 江帆 高翔 江雪 王朝 康健 常新 宁远 安平 "
                "文章 向往 凌晨").split()

# Uyghur and Kazakh names mostly with the middle dot of official forms (·), some with the
# bullet or katakana dot that phone keyboards give (•, ・), a few typed without a dot;
# Tibetan, Mongolian, Yi and Dai names (undotted); Hui and Zhuang pupils with Han-style
# names and their communities' typical surnames (沙, 回; 莫, 岑); Korean-Chinese pupils
# (朴, 玄, 申). No part of any is used by another split.
MINORITY_FR = (
    "阿依夏木·克然木", "图尔贡·热合木吐拉", "古再丽努尔·伊敏", "玉苏甫江·艾买尔", "热汗古丽·玉努斯",
    "阿不都沙拉木·亚库甫", "排尔哈提·吐拉洪", "努热曼古丽·苏来曼", "哈丽旦·牙生", "巴合提亚尔·加尔肯",
    "阿依波丽·努尔旦", "哈那提·阿斯力别克", "马迪娜•胡安", "买吾兰•艾合买提江", "加依娜・赛力克",
    "吐尔逊娜依・司马义", "阿卜杜热合曼卡哈尔", "古丽扎尔买合木提",
    "达瓦卓玛", "贡觉旺姆", "洛桑群培", "益西措姆", "格桑曲珍", "巴雅尔", "乌日根", "其木格", "萨日朗",
    "朝格图", "阿西阿呷", "吉克曲布", "马海阿牛", "岩坎", "玉波罕", "沙学文", "回丽娟", "莫丽梅", "岑志坚",
    "朴贤淑", "玄哲洙", "申英玉",
)
ENGLISH_FR = ("Angela", "Jerry", "Jessica", "Kitty", "Tony", "Vicky", "Steven", "Cherry", "Allen", "Fiona",
              "Harry", "Ivy")

# Hard negatives: a title after a surname, and words that start with a surname character
# or name someone famous, historical or fictional, none of them a private person's name.
NEG_FR = {
    "title": "吕老师 苏阿姨 黎师傅 万主任 戴叔叔 严校长 孟医生 金大夫 夏老板 邹经理 秦教练 付园长 尹书记 "
             "施护士 龙科长 江警官 余教授 傅会计 段馆长 郝站长".split(),
    "brand": "高露洁 黄天鹅 金典 马利 蓝月亮 田七 舒肤佳 海飞丝 白猫 江中健胃消食片".split(),
    "animal": "海豹 海龟 白鹳 金龟子 蓝鹊 黄花鱼 马来熊 熊蜂 燕子 牛羚 白鲢 雷鸟".split(),
    "science": "胡克定律 安培力 金属活动性顺序 白化病 海拔 冷锋 季风 方差 余弦定理 高气压 杨氏模量 韦恩图".split(),
    "dish": "柳州螺蛳粉 沙县扁肉 兰州牛肉面 武昌鱼 梅菜扣肉 罗宋汤 鲁肉饭 金针菇 白粥 黄豆焖猪脚 杨枝甘露".split(),
    "film": "舒克和贝塔 蓝猫淘气三千问 黑猫警长 唐山大地震 海洋天堂 高山下的花环 包青天 龙门客栈 白蛇传 "
            "苏武牧羊".split(),
    "foreign": "华盛顿 罗斯福 毕加索 肖邦 舒伯特 柏拉图 苏格拉底 卢梭 甘地 黎巴嫩 汤姆猫 乔丹".split(),
    "place": "洛阳 何园 林芝 高邮 常熟 龙门石窟 石家庄 秦皇岛 雷州半岛 金沙江 孟良崮".split(),
    "fiction": "黄香 匡衡 方仲永 车胤 孙康 海娃 葛朗台 吴用 燕青 周瑜 沙悟净 包拯 吕布".split(),
}

# Templates: {n} a person's name (gold), {c} class, {s} school, {x} hard negative,
# {t} a title with a surname, {e} an English name (gold), {w} an ordinary word that starts
# with a surname character, {o} a company named like a person. The test split's situations,
# worded as teachers, parents and pupils type them in chats, forms and prompts to an AI.
TEMPLATES_FR: dict[str, list[str]] = {
    "comment": [
        "帮忙写一段期末评语：{n}，男孩，动手能力强，爱拆东西，字写得歪歪扭扭，语气以鼓励为主",
        "{n}宝贝，这学期你学会了自己整理书包，老师都看在眼里，下学期继续加油呀！",
        "{c}成长手册教师寄语\n{n}：乐观开朗，是班里的开心果。\n{n}：做事有条理，值日从不偷懒。",
        "学期评价：{n}，优秀。午休时不守纪律被{t}点名一次，已改正。",
        "{n}最近作业总拖到很晚，家长说孩子在家哭了好几次，评语里怎么写比较委婉？",
        "长处：{n}朗读声音洪亮、爱给同学讲题；努力方向：计算再细心一些。",
    ],
    "leave": [
        "{t}晚上好，{n}下午打完疫苗有点低烧，明天想在家休息一天，作业周末补上，谢谢您！",
        "老师好，打扰啦，我是{n}的外婆，孩子妈妈出差了，明早我送他，可能会晚到十分钟。",
        "请假单\n学生：{n}  班级：{c}\n时间：周四全天\n原因：随父母回老家办户口\n家长：{n}",
        "{n}奶奶：老师，娃今天耳朵疼，我带他去县医院看看，下午的课请个假。",
        "老师，{n}昨天崴了脚，这两周早操和体育课能不能免一下，医院的单子拍给您了",
    ],
    "notice": [
        "提醒：{n}、{n}、{n}三位同学的医保缴费还没完成，截止到本周五。",
        "@{n}爸爸 明天轮到孩子护导，七点二十到校门口哈",
        "【{s}喜报】{c}{n}同学在省青少年科技创新大赛中荣获二等奖",
        "运动会后勤接龙\n1. {n}妈妈 送水\n2. {n}爸爸 搬帐篷\n3. {n}爷爷",
        "明天早读{n}带读英语，{n}收默写本，收到的家长回个1。",
        "{n}家长，孩子的保温杯落在食堂了，放在门卫室。",
    ],
    "table": [
        "学号\t姓名\t道法\t历史\t地理\n21\t{n}\t88\t76\t91\n22\t{n}\t93\t85\t70",
        "{c}第一次月考排名\n{n} 总分641 校第22\n{n} 总分618 校第57",
        "序号 姓名 坐位体前屈(cm) 仰卧起坐(个)\n1 {n} 12.5 38\n2 {n} 6.0 29\n3 {n} 15.2 45",
        "姓名,民族,籍贯,入学年份\n{n},汉,湖南,2019\n{n},回,宁夏,2020",
    ],
    "group": [
        "劳动实践分组\n甲组（组长{n}）：{n}、{n}\n乙组（组长{n}）：{n}、{n}、{n}",
        "新座位：{n}挨着{n}，{n}挨着{n}",
        "科学小报分工：{n}查资料，{n}画图，{n}誊写",
        "英语情景剧 Group C：{e}、{n}、{n}",
    ],
    "homevisit": [
        "家访登记\n学生：{n}（{c}）\n在家家长：{n}（爷爷）\n备注：父母在外打工，孩子用爷爷的老人机上网课。",
        "晚上去{n}家家访，一家人挤在菜市场后面的两间平房里，孩子的舅舅{n}在帮忙照看。",
        "家访手记：{n}每天放学要去妈妈的摊位帮忙，{n}爸爸说孩子懂事得让人心疼。",
    ],
    "aid": [
        "申请书\n尊敬的学校领导：我叫{n}，就读于{s}{c}，爸爸前年出车祸后一直卧床，家里靠妈妈种地……",
        "家庭经济困难学生认定申请表\n学生：{n}\n监护人：{n}\n关系：祖孙\n家庭人口：3人",
        "班级评议小组意见：同意{n}、{n}申请本学年国家助学金。",
        "银行卡户主：{n}（学生外婆）",
    ],
    "intro": [
        "大家好，我叫{n}，今年八岁，我喜欢搭积木和养蚕，希望大家跟我做朋友。",
        "新学期自我介绍：我是{c}的{n}，最爱看《昆虫记》，长大想当一名科学家。",
        "Hello, I am {e}. 我的中文名字叫{n}，来自{s}。",
        "我的邻座叫{n}，她的铅笔盒里装满了贴纸。",
    ],
    "mixed": [
        "{t}, {n} 今天 stomachache，要晚点到 school，sorry",
        "Book club 本周分享人：{e}、{n}，请提前准备 PPT。",
        "帮我 proofread 一下 {n}（{e}）的 book report，重点看时态",
        "Seat partners: {n} & {e}",
    ],
    "cue": [
        "今天的护导员：{n}",
        "{c}美术课代表{n}",
        "负责发牛奶的是{n}",
        "坐在最后一排的是{n}",
        "失物：{n}的校卡一张，请到门卫室领取",
        "今天放学是{n}（舅舅）来接",
        "备用联系人：{n}，电话已登记在册",
        "本周国旗下讲话：{n}",
    ],
    "negative": [
        "{t}今天讲到了{x}，能帮我准备几个课前小问题吗？",
        "给二年级的孩子讲讲{x}，不要超过150字。",
        "{t}让孩子周末查一查{x}，做成手抄报，有什么思路？",
        "{x}和{x}放在一起比较，有哪些相同点？",
        "太感谢{t}了！孩子今天回家特别高兴。",
        "以{x}为话题出一道看图写话。",
    ],
    "org": [
        "{n}爸爸在{o}做仓管，这次亲子活动的零食是他们提供的。",
        "感谢{o}和{o}为我校留守儿童送来冬衣。",
        "父亲工作单位：{o}",
        "冬令营的午饭由{o}负责。",
        "孩子妈妈在{o}上夜班，早上没法送，辛苦老师多关照。",
    ],
    "health": [
        "{c}{n}对青霉素过敏，校医室请备注一下。",
        "{n}最近总揉眼睛，家长{n}说周末带去眼科复查。",
        "医务室登记：{n}，课间追跑撞到额头，已消毒处理，已通知家长。",
        "{n}得了手足口病，需居家隔离，返校时请带上医院开的复课证明。",
    ],
    "family": [
        "{n}父母都在福建的鞋厂上班，常年跟爷爷{n}在老家生活，属于留守儿童。",
        "{n}的妈妈{n}再婚后搬去了外地，孩子这学期话明显少了。",
        "{n}家里五口人，爸爸是残疾人，妈妈打零工，享受低保。",
    ],
    "words": [
        "把下列词语按拼音首字母排序：{w}、{w}、{w}、{w}",
        "{w}这个词读几声？",
        "默写词语：{w} {w} {w}",
        "照例子补全词语：{w}——（    ）",
        "“{w}”的反义词是什么？",
        "{w} | {w} | {w}",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_FR = tuple((
    "学委 团员 音乐课代表 美术课代表 历史课代表 化学课代表 广播员 作业组长 大组长 楼层长 舍长 礼仪队员 "
    "午休管理员 太奶奶 二姨 三叔 大伯 婶婶 姨妈 表妹 堂哥 后爸 养母 干爹 登记人 来访人 被访人 家访教师 "
    "结对老师 帮扶责任人 资助对象 申请学生 受表彰学生 监督员 跟车老师 课后服务老师 信息员"
).split())
SEPS_FR = ("", " ：", "|", "、", "就是", "换成了", ": ", "，是")
TAILS_FR = ("", "（请假）", "，辛苦了", "家长已签字", "…", "，麻烦确认一下", "本周执勤", "已提交", "？？", "忘带作业本")
CLASSES_FR = ("一年级七班", "二年级(6)班", "三年级(4)班", "四(1)班", "五年级二班", "六(3)班", "初二(5)班", "八年级2班",
              "高一(15)班", "高三(4)班")
SCHOOLS_FR = ("解放路小学", "第六中学", "北关小学", "长江路小学", "市第十七中学", "县实验初级中学", "铁路第一小学")
ORG_SUFFIXES_FR = ("养殖场", "母婴店", "理发店", "农家乐", "货运部", "花店", "药房", "茶叶店")
# jieba frequencies of the ordinary words that start with a surname character: below the
# final split's band (20–49), so no word is shared.
WORD_FREQ_FR = (10, 20)
