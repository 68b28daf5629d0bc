"""The final split's vocabulary for `bench.schoolcorpus` (split ``final``).

Written after the blind split had been run and its errors were to be read (which made
`blind` a development set), by someone who ran no detector or model on it and saw no
score: its given names, character pools, name-words, minority and English names, compound
surnames, classes, schools, role words, separators, tails, company suffixes, hard
negatives and template wordings are new, disjoint from the train, tune, test, sealed and
blind lists (tests/bench/test_schoolcorpus_final.py checks it). Only the single-character
surnames are shared, as in any real school. The situations and the share of hard
negatives follow the test split. Nothing here is real data.

Every compound surname common in China is already in another split, so, as for the blind
split, the final split's are real but rare ones (公良, 漆雕, 段干 ...), drawn at a quarter of
the train and test splits' rate (`COMPOUND_RATE_F`, the blind split's rate): still above
their rate in a school, but enough for a coarse recall figure.
"""

from __future__ import annotations

__all__ = [
    "FINAL_SEED", "COMPOUND_F", "COMPOUND_RATE_F", "GIVEN2_F", "GIVEN1_F", "POOL_F", "NAME_CHARS_F",
    "WORDNAMES_F", "MINORITY_F", "ENGLISH_F", "NEG_F", "TEMPLATES_F", "CUES_F", "SEPS_F", "TAILS_F",
    "CLASSES_F", "SCHOOLS_F", "ORG_SUFFIXES_F", "WORD_FREQ_F",
]

# Drawn at random (secrets.randbelow), not derived from the other seeds.
FINAL_SEED = 953164

# Real compound surnames not used by any other split.
COMPOUND_F = ("公良", "漆雕", "颛孙", "壤驷", "谷梁", "段干", "东门", "公西", "宰父", "夹谷")
COMPOUND_RATE_F = 0.01

# Curated two-character given names as registered in the 2000s and 2010s, and some of the
# parents' and grandparents' generation (家长, 监护人, 奶奶).
GIVEN2_F = (
    "芷晴 梓萌 俊凯 奕泽 沐阳 亦菲 紫怡 子期 思妤 睿宸 槿汐 煜城 子骞 睿渊 辰逸 思淼 靖雯 雅萱 沐晴 "
    "嘉诚 子恒 茗萱 语馨 佳慧 晓萌 一涵 芷萱 宥安 知予 棠溪 语宁 景澄 "
    "丽君 建新 红霞 志华 志勇 卫国 秀珍 春燕 永红 金花 淑英 爱华 晓东 建英 桂芳 美玲"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_F = tuple("赟骋湛韬晋靖谦翀峤舸")
# Two pools for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_F = "彧琮璠珣琨瑢骅骢铎钺曈昀"
NAME_CHARS_F = "奂璘璎瑱琚瑧弈铖镕暻旸晏莘蘅荞茗茵萦岫屹漪沅沄汐汀沂泠浠翌韫谊歆煊炅烁燊炘晖竣钿铂琏瑷姣媱菱苇芩岷"

# Names that are also ordinary words, as parents really give them (汪洋, 武艺, 康宁).
WORDNAMES_F = "高兴 林木 乐观 白鸽 秋月 向上 汪洋 高尚 康宁 温柔 明月 雷电 文明 武艺 史诗 童话 甘甜 吉祥 景明 钟爱".split()

# Uyghur and Kazakh names mostly with the middle dot of official forms (·), some with the
# bullet or katakana dot that phone keyboards give (•, ・), a few typed without a dot;
# Tibetan, Mongolian, Yi and Dai names (undotted); Hui and Zhuang pupils with Han-style
# names and their communities' typical surnames (哈, 穆; 韦, 蓝); Korean-Chinese pupils
# (金, 朴, 崔). No part of any is used by another split.
MINORITY_F = (
    "吾斯曼·艾海提", "祖力胡玛尔·吐逊", "迪力夏提·买买提明", "买尔哈巴·亚森", "依克力木·托合塔洪",
    "阿尔孜古丽·玉山", "努尔麦麦提·依沙克", "别克波拉提·哈布力", "阿依江·叶尔肯", "加娜尔·马合沙提",
    "阿迪拉•艾尔西丁", "伊力夏提•居来提", "再娜甫・吾买尔", "麦迪娜阿布都拉", "艾克热木沙吾尔",
    "扎西措姆", "次旦多吉", "卓玛央宗", "普布次仁", "乌日娜", "额尔德尼", "斯琴高娃", "乌力吉",
    "吉克阿依", "海来拉莫", "玉罕", "岩帕", "哈丽霞", "穆彦斌", "韦美玲", "蓝永福", "金英姬", "朴成浩", "崔美善",
)
ENGLISH_F = ("Andy", "Ben", "Cathy", "David", "Helen", "Jenny", "Joy", "Judy", "Lily", "Mark", "Mike", "Sunny")

# Hard negatives: a title after a surname, and words that start with a surname character
# or name someone famous or fictional, none of them a private person's name.
NEG_F = {
    "title": "韩老师 贾阿姨 邱师傅 殷主任 侯叔叔 汤校长 薛医生 蔡大夫 方老板 覃经理 熊教练 莫园长 乔书记 "
             "管护士 龚科长 洪警官 廖教授 鲍会计 褚馆长".split(),
    "brand": "王小卤 周六福 谢馥春 海底捞 百雀羚 陈李济 张飞牛肉 钟薛高 胡姬花 黄飞红 汤臣倍健 雷允上".split(),
    "animal": "金钱龟 白鳍豚 黄鼬 石龙子 马陆 海胆 白头叶猴 毛毛虫 田螺 麻雀 江豚 牛蛙".split(),
    "science": "海市蜃楼 石膏 石蜡 白矾 金星凌日 黄土高原 温带季风气候 马德堡半球 伏安法 安培定则 欧姆表".split(),
    "dish": "左宗棠鸡 李鸿章杂烩 马打滚 龙须酥 汤圆 吴山酥油饼 石锅拌饭 毛肚火锅 黄焖羊肉 金汤肥牛 高汤面".split(),
    "film": "刘三姐 白毛女 董存瑞 黄飞鸿 叶问 唐伯虎点秋香 秦时明月 夏洛的网 杨家将 林海雪原 鲁滨逊漂流记".split(),
    "foreign": "牛顿 海明威 雨果 马可·波罗 乔布斯 林肯 简·爱 米开朗基罗 欧拉 高斯 孟德尔 卓别林".split(),
    "place": "马鞍山 孔庙 曲阜 韩城 宁夏 安阳 温州 金华 包头 秦淮河 白洋淀 钱塘江".split(),
    "fiction": "詹天佑 黄继光 邱少云 刘胡兰 鲁智深 李逵 张飞 赵云 曹操 史湘云 武大郎 小芳".split(),
}

# Templates: {n} a person's name (gold), {c} class, {s} school, {x} hard negative,
# {t} a title with a surname, {e} an English name (gold), {w} an ordinary word that starts
# with a surname character, {o} a company named like a person. The test split's situations,
# worded as teachers, parents and pupils type them in chats, forms and prompts to an AI.
TEMPLATES_F: dict[str, list[str]] = {
    "comment": [
        "请帮我给{n}写一段素质报告单上的评语，女孩，内向，数学好，语文阅读要加强，100字左右",
        "{n}同学：你是个热心肠的孩子，就是上课爱讲小话，下学期管住自己好吗？",
        "{c}期末评语（初稿）\n{n}：思维敏捷，课堂发言积极。\n{n}：书写认真，但做题粗心。",
        "综合素质评价：{n}，合格。体育课上不听{t}指挥，已谈话。",
        "{n}最近上课老走神，成绩也下滑了，评语里要不要提？怎么写不伤孩子自尊？",
        "亮点：{n}乐于分享、有责任心；建议：多读课外书，提高写作水平。",
    ],
    "leave": [
        "{t}早上好，{n}昨晚吐了两次，今天在家观察一下，请假一天，有作业麻烦发群里，谢谢！",
        "老师您好，我是{n}的爸爸，家里有事明天要带孩子回一趟老家，请两天假。",
        "请假申请\n学生姓名：{n}\n所在班级：{c}\n请假事由：牙科复诊\n家长：{n}",
        "{n}妈妈：老师，孩子今天牙疼，中午我接回家吃饭，下午第一节课前送回来。",
        "老师，{n}手指扎伤了这两天写不了字，作业能不能口头完成",
    ],
    "notice": [
        "温馨提醒：{n}、{n}、{n}三位同学的社保卡信息还没登记，请家长尽快。",
        "@{n}妈妈 明天轮到孩子升旗，记得穿白球鞋哈",
        "【{s}】热烈祝贺{c}{n}同学在市中小学生作文比赛中荣获一等奖",
        "六一活动家长接龙\n1. {n}爸爸 买气球\n2. {n}妈妈 拍视频\n3. {n}奶奶",
        "明天早读由{n}领读，{n}检查背诵，收到回复1。",
        "{n}家长，孩子的红领巾落在操场了，在我这儿。",
    ],
    "table": [
        "座号\t姓名\t语文\t数学\t科学\n11\t{n}\t87\t95\t90\n12\t{n}\t79\t82\t88",
        "{c}期中考试总分\n{n} 287 年级第15\n{n} 279 年级第31",
        "编号 姓名 50米(秒) 立定跳远(cm)\n1 {n} 8.6 185\n2 {n} 9.1 172\n3 {n} 10.2 150",
        "姓名,性别,出生日期,血型\n{n},女,2016-03-12,A\n{n},男,2015-11-30,O",
    ],
    "group": [
        "春季研学分组\n一组（组长{n}）：{n}、{n}、{n}\n二组（组长{n}）：{n}、{n}",
        "同桌调整：{n}和{n}，{n}和{n}",
        "手抄报分工：{n}负责插图，{n}负责标题，{n}负责正文",
        "英语课本剧 Group B：{e}、{n}、{n}",
    ],
    "homevisit": [
        "家访情况登记\n被访学生：{n}（{c}）\n接待人：{n}（母亲）\n备注：单亲家庭，母亲在外卖店上班。",
        "下午去了{n}家，住在城中村的出租屋，孩子一个人在家写作业，父亲{n}跑货运很晚才回来。",
        "家访随笔：{n}奶奶身体不好，孩子每天放学先给奶奶熬药，{n}妈妈说过年后想辞工回来陪孩子。",
    ],
    "aid": [
        "申请书\n尊敬的老师：我叫{n}，是{s}{c}学生，妈妈患病多年，爸爸一个人打工供我和弟弟上学……",
        "困难学生认定表\n学生：{n}\n法定监护人：{n}\n关系：母子\n家庭人口：4人",
        "班级民主评议结果：{n}、{n}符合本学期营养餐补助条件。",
        "收款人：{n}（学生父亲）",
    ],
    "intro": [
        "各位同学好，我的名字叫{n}，今年十岁，爱好是画画和踢足球，希望和大家成为好朋友。",
        "自我介绍：我是{c}的{n}，最喜欢的书是《西游记》，我的梦想是当一名医生。",
        "Hello everyone, my name is {e}. 我的中文名字是{n}。",
        "我的同桌叫{n}，他戴着一副眼镜，数学特别好。",
    ],
    "mixed": [
        "{t}, sorry {n} 今天 late 了，路上堵车",
        "Spelling bee 参赛名单：{e}、{n}，周五下午三点报到。",
        "帮我 check 一下 {n}（{e}）的 diary 有没有语法错误",
        "Partners: {e} and {n}",
    ],
    "cue": [
        "今日领读：{n}",
        "{c}语文课代表{n}",
        "收作业的是{n}",
        "讲台旁边坐的是{n}",
        "捡到{n}的跳绳一根",
        "今天来接孩子的是{n}（外公）",
        "紧急联系人：{n}，电话已登记",
        "本次发言代表{n}",
    ],
    "negative": [
        "{t}今天讲了{x}，帮我出三道适合三年级的小问题。",
        "用孩子能听懂的话讲讲{x}，200字左右。",
        "{t}布置了作业，要查{x}的资料做成PPT，有什么好的网站？",
        "{x}和{x}有什么区别？说给小学生听。",
        "辛苦{t}了！今天孩子回来一直说好玩。",
        "围绕{x}设计一个课堂小游戏。",
    ],
    "org": [
        "{n}妈妈在{o}当会计，这次运动会的矿泉水是他们店送的。",
        "感谢{o}、{o}为我校捐赠图书。",
        "爸爸的工作单位：{o}",
        "秋游午餐由{o}统一配送。",
        "孩子妈妈在{o}上班，周末也要值班，辛苦老师多照顾。",
    ],
    "health": [
        "{c}{n}对芒果过敏，午餐水果请帮忙换掉。",
        "{n}视力下降得厉害，家长{n}说这周末去医院散瞳检查。",
        "医务室记录：{n}，体育课扭伤脚踝，已冰敷，已电话通知家长。",
        "{n}得了水痘，居家休息两周，返校需要社区医院证明。",
    ],
    "family": [
        "{n}爸爸妈妈都在浙江打工，平时跟外婆{n}住，属于留守儿童。",
        "{n}的爸爸{n}今年离婚了，孩子最近上课经常发呆。",
        "{n}家里有四口人，妈妈长期生病卧床，领着低保。",
    ],
    "words": [
        "给下面的词语注音：{w}、{w}、{w}、{w}",
        "{w}这个词怎么造句？",
        "看拼音写词语：{w} {w} {w}",
        "照样子，写词语：{w}——",
        "“{w}”的近义词是什么？",
        "{w}/{w}/{w}",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_F = tuple((
    "副班长 语文课代表 物理课代表 科学课代表 领读员 午餐管理员 眼操检查员 卫生检查员 节能员 板报负责人 "
    "护绿员 学生会主席 少先队员 插班学生 复读生 家长代表 家委会成员 爱心妈妈 监考老师 代课老师 实习老师 "
    "大姨 舅妈 姑父 继父 表弟 堂妹 收养人 接站人 陪护人 报案人 投稿人 获奖学生 新任班长 值日班长"
).split())
SEPS_F = ("", "：", "是：", "→", "｜", "＝", "\u3000", "：\u3000")
TAILS_F = ("", "，收到", "（已确认）", "已请假", "～", "，有事电话联系", "周三值日", "已交费", "！", "没带红领巾")
CLASSES_F = ("一年级(3)班", "二(4)班", "三年级五班", "六年级(1)班", "七年级(9)班", "初一12班", "高二(8)班", "九年级3班")
SCHOOLS_F = ("朝阳小学", "第八中学", "东风小学", "向阳初级中学", "乡中心学校", "市第四十一中学", "友谊路小学")
ORG_SUFFIXES_F = ("便利店", "装修公司", "物业公司", "小吃店", "快递站", "眼镜店", "家具城", "建材商行")
# jieba frequencies of the ordinary words that start with a surname character: below the
# blind split's band (50–99), so no word is shared.
WORD_FREQ_F = (20, 50)
