"""The sealed split's vocabulary for `bench.schoolcorpus` (split ``sealed``).

Written after the name model's round three, by someone who had not seen the model's
errors, and never used to choose anything: its given names, character pools, name-words,
minority and English names, compound surnames, classes, schools, role words, hard
negatives and template wordings are new, disjoint from the train, tune and test lists
(tests/bench/test_schoolcorpus_sealed.py checks it). Only the single-character surnames
are shared, as in any real school. The situations and the share of hard negatives follow
the test split. Nothing here is real data.
"""

from __future__ import annotations

__all__ = [
    "SEALED_SEED", "COMPOUND_S", "GIVEN2_S", "GIVEN1_S", "POOL_S", "NAME_CHARS_S", "WORDNAMES_S",
    "MINORITY_S", "ENGLISH_S", "NEG_S", "TEMPLATES_S", "CUES_S", "SEPS_S", "TAILS_S", "CLASSES_S",
    "SCHOOLS_S", "ORG_SUFFIXES_S",
]

SEALED_SEED = 903517

# Real compound surnames, rarer than the train/test ones.
COMPOUND_S = ("轩辕", "澹台", "公冶", "万俟", "闾丘", "鲜于", "第五", "东郭", "左丘", "濮阳", "太叔", "乐正")

# Curated two-character given names, as registered in the 2010s (and a few parents' generation).
GIVEN2_S = (
    "书屹 昱晟 芮希 知意 星遥 一苇 景行 书瑶 亦舒 之恒 禹辰 清欢 念慈 予安 知夏 北辰 南乔 "
    "锦书 听澜 晏清 允之 言蹊 若溪 云舒 怀瑾 承恩 以沫 望舒 时雨 嘉树 安歌 疏桐 "
    "卫东 建国 素芬 桂兰 红梅 国庆 志军 爱民 淑珍 永刚"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_S = tuple("彦朗峻勋尧禹昱晟卓舒")
# Two pools for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_S = "芮琰珺玥瑄钦锴铄赫崇嵘岱"
NAME_CHARS_S = "斐旻晔暄曜朔杉桦栩梧榕槿樾棠苡茉菡葳蔓蕙蕊俪佑修俐允兆冠剑劲卿君吟咏唯善圣坚均垚培墨屿岑峥"

# Names that are also ordinary words.
WORDNAMES_S = "黎明 文静 齐心 石林 金山 向前 高升 夏天 卓越 章程 贺喜 杨帆 胡杨 白桦 雷雨 宁静 龙飞 任重 康乐 温馨".split()

# Uyghur, Kazakh, Tibetan, Mongolian, Yi and Dai names, dotted (a middle dot, sometimes a
# bullet as typed on phones) and undotted; no part of any is used by another split.
MINORITY_S = (
    "努尔艾力·阿不都热依木", "热孜宛古丽·买提尼亚孜", "阿依努尔·库尔班", "艾克拜尔·吐尼亚孜", "依明江·艾则孜",
    "玛依拉·哈力克", "图尔荪娜依·热西提", "叶尔波拉提·哈力木", "阿依达娜·别克", "库拉依•努尔别克",
    "艾力亚尔•塔依尔", "央金拉姆", "索朗次仁", "德吉卓嘎", "平措旺堆", "尼玛潘多", "强巴曲珍", "拉巴次旦",
    "乌云娜", "额尔敦", "那仁花", "朝鲁门", "阿拉坦仓", "吉布阿果", "阿牛木呷", "勒格拉哈", "岩罕", "玉应叫",
)
ENGLISH_S = ("Mia", "Noah", "Ella", "Lucas", "Zoe", "Jason", "Cindy", "Eric", "Vivian", "Henry", "Bella", "Coco")

# Hard negatives: words starting with a surname character (or naming someone famous or
# fictional) that are not a private person's name.
NEG_S = {
    "title": "冯老师 邓阿姨 曹师傅 彭主任 曾叔叔 肖校长 田医生 董大夫 袁老板 潘经理 蒋教练 蔡园长 杜书记 叶护士".split(),
    "brand": "李锦记 张小泉 王致和 杨国福 老干妈 金嗓子 周生生 陈克明 卫龙 贝因美 海天 鲁花".split(),
    "animal": "熊猫 金毛 白鹅 黄蜂 孔雀鱼 白兔 海马 石斑鱼 金丝雀 马蜂".split(),
    "science": "白细胞 黄道 石蕊试液 白磷 温室效应 毛细血管 焦耳定律 欧姆定律 高压锅 龙卷风 雷达".split(),
    "dish": "蚂蚁上树 龙须面 黄桥烧饼 文思豆腐 东坡肘子 羊肉泡馍 过桥米线 西湖醋鱼 白灼菜心 糖醋排骨 毛豆腐".split(),
    "film": "熊出没 大鱼海棠 白蛇缘起 唐人街探案 战狼 冰雪奇缘 疯狂动物城 功夫熊猫 飞驰人生 长安三万里".split(),
    "foreign": "爱迪生 居里夫人 达尔文 福尔摩斯 小猪佩奇 汪汪队 麦当劳 肯德基 宜家 诺贝尔".split(),
    "place": "颐和园 峨眉山 周庄 乌镇 宋城 韶山 武当山 庐山 白帝城 苏堤 孔林 曲江池".split(),
    "fiction": "唐僧 猪八戒 沙和尚 王熙凤 薛宝钗 林冲 宋江 孔乙己 祥林嫂 小明 杨志 雷锋".split(),
}

# Templates: {n} a person's name (gold), {c} class, {s} school, {x} hard negative,
# {t} a title with a surname, {e} an English name (gold), {w} an ordinary word that starts
# with a surname character, {o} a company named like a person. The test split's situations.
TEMPLATES_S: dict[str, list[str]] = {
    "comment": [
        "{n}：你是老师的得力小助手，如果书写再认真一点就更棒了！",
        "期末评语（{c}）\n{n}：热爱劳动，关心集体，课堂上偶尔走神。",
        "麻烦帮我改改这段评语，学生是{n}，成绩中等偏上，比较调皮。",
        "{n}这个学期数学单元测验三次满分，值得表扬；{n}的英语还要加油。",
        "综合素质评价：{n}同学遵守纪律，积极参加社团活动。",
        "{t}说{n}最近作业完成得很及时。",
        "给{c}写二十条评语，第一个是{n}，性格内向但很细心。",
    ],
    "leave": [
        "班主任您好，我是{n}爸爸，孩子昨晚吐了，今天请假一天，谢谢！",
        "请假申请\n学生：{n}\n班级：{c}\n事由：回老家参加亲属婚礼\n时间：周四至周五",
        "{t}，早上好，{n}拉肚子，上午请个假，下午能来就送过来。",
        "[请假] {c} {n} 发热38.5℃ 居家观察",
        "老师，{n}今天去医院拔牙，请假半天。家长{n}",
    ],
    "notice": [
        "@全体成员 明天早上7:40到校，{n}、{n}两位同学记得带红领巾。",
        "各位家长晚上好，本周作业完成最好的是{n}、{n}和{n}，请其他同学向他们学习。",
        "【接龙】周六研学活动报名\n1. {n}妈妈\n2. {n}爸爸\n3. {n}",
        "{s}关于表彰{n}等同学的通报",
        "请{c}{n}的家长尽快在小程序上完成健康打卡。",
        "收到，{n}家长已阅。",
    ],
    "table": [
        "班级\t姓名\t体育\n{c}\t{n}\t优秀\n{c}\t{n}\t良好",
        "{n}  语文 86  数学 97  英语 90  总分 273\n{n}  语文 79  数学 88  英语 92  总分 259",
        "排名,姓名,进步名次\n1,{n},+15\n2,{n},+12\n3,{n},+9",
        "姓名|性别|出生年月\n{n}|男|2014.03\n{n}|女|2013.11",
    ],
    "group": [
        "研学分组（{c}）\n一组：{n} {n} {n}\n二组：{n} {n}",
        "卫生区分工：擦玻璃{n}，拖地{n}，倒垃圾{n}。",
        "英语角小组：{e}、{n}、{n}，负责人{n}",
        "乒乓球兴趣班名单：{n}、{n}、{n}、{n}",
    ],
    "homevisit": [
        "家访日志：{n}住在城郊，父亲{n}在工地干活，母亲照顾两个孩子。",
        "走访{c}{n}家，孩子的外公{n}说孩子晚上玩手机到很晚。",
        "家访小结：{n}家长比较重视学习，但陪伴时间少。",
    ],
    "aid": [
        "困难学生资助申请\n学生姓名：{n}\n监护人：{n}\n家庭人口：5人\n年收入：18000元",
        "兹证明{s}{c}学生{n}家庭经济困难，情况属实。",
        "营养餐补助名单：{n}、{n}、{n}",
        "收款人姓名：{n}，与学生关系：母女",
    ],
    "intro": [
        "我叫{n}，是{c}的新同学，我喜欢踢足球，希望和大家做朋友。",
        "Hello! I'm {e}. 我的中文名是{n}，我来自{s}。",
        "竞选班长发言稿：大家好，我是{n}……",
        "这是我的同桌{n}，她是我们班跳绳最快的人。",
    ],
    "mixed": [
        "{e}（{n}）has finished the reading log, 请老师查收。",
        "Group 3: {n}, {n} and {e}. Topic: 垃圾分类",
        "{n}'s mum said he will be late today. 他在看牙医。",
        "Homework missing: {n}, {e}",
    ],
    "cue": [
        "发言人{n}",
        "{c}：{n}（组长）",
        "紧急联系人{n}",
        "结对帮扶对象：{n}",
        "本周升旗手{n}",
        "接送人：{n}（外婆）",
        "今天的小老师是{n}",
        "领队老师{n}",
    ],
    "negative": [
        "{t}让我们周末看电影《{x}》，然后写观后感。",
        "给三年级学生讲讲{x}，要有趣一点。",
        "小明说{x}是他最喜欢的，你能帮他写一段介绍吗？",
        "{x}和{x}有什么区别？",
        "{t}好，请问下周去{x}研学需要带什么？",
        "感谢{t}的耐心指导！",
        "出一道阅读题，材料是关于{x}的。",
    ],
    "org": [
        "{n}的妈妈在{o}做会计，{o}就在学校对面。",
        "{o}和{o}联合举办了这次夏令营。",
        "感谢{o}为我校学生提供的奖学金。",
        "监护人工作单位：{o}",
        "{o}的工程师来学校开了科普讲座。",
    ],
    "health": [
        "晨检发现{c}{n}体温37.9℃，已联系家长接回。",
        "{n}有先天性心脏病，体育课不能剧烈运动，主治医生{n}交代过。",
        "{n}在区人民医院做了阑尾手术，需要休息两周。",
        "心理辅导记录：{n}近期情绪低落，建议家长{n}多陪伴。",
    ],
    "family": [
        "{n}的父母离异，现在跟爷爷{n}一起住，爷爷有低保。",
        "{n}家是建档立卡户，母亲{n}长期患病。",
        "{n}父亲去年因工伤去世，家里靠母亲打零工维持。",
    ],
    "words": [
        "请给下面的词语分类：{w}、{w}、{w}、{w}。",
        "“{w}”这个词在句子里当什么成分？",
        "看拼音写词语：{w}（  ）、{w}（  ）",
        "用{w}写一句比喻句。",
        "{w}、{w}",
        "查字典：{w}的第一个字是什么部首？",
    ],
}

# Role words that introduce a person (none of the train or test lists').
CUES_S = tuple((
    "班干部 寝室长 小队长 中队长 大队长 安全员 卫生委员 生活委员 文艺委员 心理委员 图书管理员 小老师 "
    "帮扶对象 结对学生 留守儿童 受助学生 走读生 住校生 新同学 前桌 后桌 任课老师 科任老师 副班主任 "
    "生活老师 姥姥 姥爷 继母 养父 干妈 嫂子 姐夫 侄子 外甥 孙女 家委 紧急联系人 接送人 代领人 "
    "缴费人 受益人 参赛学生 领队 带队老师"
).split())
SEPS_S = ("", "：", " ", "是", "叫作", "—", "，", "为")
TAILS_S = ("", "。", "，明天返校。", "同学", "已确认", "，情况属实", "（女）", "负责签到", "请联系班主任", "在吗")
CLASSES_S = ("一年级(5)班", "二年级四班", "初三(6)班", "高一(10)班", "六年级3班", "七(8)班", "高二理科2班")
SCHOOLS_S = ("东湖小学", "第十五中学", "新华路小学", "滨江初级中学", "民族中学", "九年一贯制学校")
ORG_SUFFIXES_S = ("文化传播有限公司", "教育科技", "培训学校", "商贸", "房地产开发公司", "农业合作社", "家政服务部",
                  "装饰工程公司")
