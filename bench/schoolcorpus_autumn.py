"""The autumn split's vocabulary for `bench.schoolcorpus` (split ``autumn``).

Written on branch r19-splits, after the summer split, by someone who ran no detector or model on
it, saw no score and read none of the detector's lexicons: its given names, character pools,
name-words, minority and English names, compound surnames, classes, schools, role words,
separators, tails, company suffixes, hard negatives and template wordings are new, disjoint from
every split written before (tests/bench/test_schoolcorpus_held_out.py checks it). Only the
single-character surnames are shared, as in any real school, and drawn with the same Zipf-like
weighting. It draws the weak kinds of name far more often than the splits before it (compound
surnames, minority names, doubled and prefixed nicknames, name-words, English names), so that
recall per kind is measurable on one run. Beside the situations of the test and summer splits it
has three of its own: pick-up and after-school care lists, club sign-ups and counselling notes.
Its ordinary words are four-character dictionary words (every earlier split's are two or three
characters). Nothing here is real data.
"""

from __future__ import annotations

__all__ = [
    "AUTUMN_SEED", "COMPOUND_AU", "COMPOUND_RATE_AU", "GIVEN2_AU", "GIVEN1_AU", "POOL_AU", "NAME_CHARS_AU",
    "WORDNAMES_AU", "MINORITY_AU", "ENGLISH_AU", "NEG_AU", "TEMPLATES_AU", "CUES_AU", "SEPS_AU", "TAILS_AU",
    "CLASSES_AU", "SCHOOLS_AU", "ORG_SUFFIXES_AU", "WORD_FREQ_AU", "NICK_PREFIXES_AU", "DOUBLED_AU",
    "WORDNAME_RATE_AU", "MINORITY_RATE_AU", "DOUBLED_RATE_AU",
]

# Drawn at random (secrets.randbelow(1_000_000)), not derived from the other seeds.
AUTUMN_SEED = 657178

# Compound surnames no other split uses: 太史, 公输 and 仲长 of the old lists, and 叱干, 贺若, 斛斯,
# 屈突 and 尔朱 of the Northern dynasties.
COMPOUND_AU = ("太史", "公输", "仲长", "叱干", "贺若", "斛斯", "屈突", "尔朱")
#: Far above the earlier splits' 1–4 %, so that some 150 compound names occur in 2,000 texts.
COMPOUND_RATE_AU = 0.06
#: Shares of the weak kinds (the earlier splits: name-words 10 % of cued names, minority names
#: 2 %, doubled nicknames 30 % of nicknames).
WORDNAME_RATE_AU = 0.3
MINORITY_RATE_AU = 0.07
DOUBLED_RATE_AU = 0.5

# Curated two-character given names of the pupils', parents' and grandparents' generations.
GIVEN2_AU = (
    "问渠 初见 予墨 见山 青禾 临溪 野岚 苏禾 朝颜 亦舟 云岫 慕言 听雪 栖迟 半夏 晚吟 闻笛 归禾 鹿鸣 松间 "
    "知许 辞盈 "
    "爱军 学军 向东 庆丰 胜利 解放 抗美 跃华 彩云 翠萍 "
    "二丫 桂花 招弟 铁柱 石头 满囤 狗剩 金锁 大牛 栓柱"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_AU = tuple("禛瓒頔甯琯畇祐陟锘暎")
# A pool for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_AU = "妤婼媗妘溱滟澧瓔磬绾"
NAME_CHARS_AU = ("嫱姿燚溶矞禛瞻穰篪簌羲翩翮荇莜萩蒨衿袆谙蹊鹓芗莱藻堇境夙夕孜守尔征惜憬扉拾旖旷未树洱浅涧炽牧玄"
                 "百真知砾碧稻素绘缤缦良芋芒茶藤西赤越辞运迎道采里闲阡陌顺风飘鸢")
# Nicknames: 小 + a surname or given character, 阿 + a given character, 老 + a surname, 大 + a
# surname (大刘, as older pupils call each other); and a doubled given character (宝宝, 念念).
NICK_PREFIXES_AU = ("小", "阿", "老", "大")
DOUBLED_AU = "妙蜜宝念橙芽舟诚希杏椿言"

# Names that are also ordinary words or phrases, as parents really give them.
WORDNAMES_AU = "蓝天 孟春 祝福 苏醒 辛勤 秋风 陶然 蓝图 施展 方向 时光 乐园 文武 贺岁 季风 殷实 齐全".split()

# Uyghur, Kazakh, Kyrgyz and Tajik names with ·, • or ・ or undotted; Tibetan, Mongolian, Dai, Yi,
# Naxi, Miao and Bai names (undotted); Zhuang, Hui, Manchu and Korean pupils with Han-style names
# and their communities' typical surnames. No part of any is used by another split.
MINORITY_AU = (
    "阿依提拉·买买提力", "迪丽娜尔·阿布都外力", "库尔曼江·艾则提", "麦尔旦·图尔荪", "祖农·阿西尔江",
    "努尔扎达·胡达拜", "阿斯卡尔·沙吾列", "米尔扎提·赛力克江", "阿依加马丽•卡哈尔", "艾尼瓦尔丁•吾买尔江",
    "别克扎提・努尔兰别克", "古丽斯坦・阿不都热合曼", "巴依尔·托克托逊", "赛娜瓦尔·米尔扎", "热依汗古丽艾买提",
    "阿迪力江吾甫尔", "次仁央宗", "格列多吉", "边巴卓嘎", "旺姆", "索朗措姆",
    "乌兰其其格勒", "巴雅斯古楞", "苏和巴特尔", "额尔敦毕力格", "阿古达木",
    "岩温香", "玉罕叫", "玉应香", "岩拉",
    "阿苏拉则", "吉尔伍各", "马海木呷", "和丽军", "木春燕", "杨阿朵", "段金花",
    "蓝秋莲", "黄秀英珍", "马海英", "关佳怡", "那日苏", "全秀珍", "池永浩",
)
ENGLISH_AU = ("Abigail", "Brian", "Caleb", "Diana", "Edison", "Flora", "George", "Hazel", "Ian", "Joyce", "Kyle",
              "Luna", "Mason", "Nora", "Phoebe", "Quinn", "Stella", "Toby", "Ursula", "Wesley")

# Hard negatives: a title after a surname, and words that start with a surname character or
# name someone famous, historical, fictional or a textbook figure, none of them a private
# person's name.
NEG_AU = {
    "title": "钟老师 闫主任 褚校长 蒲教练 裘医生 管阿姨 薛叔叔 卞园长 廖书记 蔡会计 骆师傅 阎大夫 "
             "盛奶奶 缪爷爷 葛馆长 祁导游 甘队长 施老板 栾工程师 仇班长".split(),
    "brand": "曹素功 杨国福麻辣烫 老干妈辣酱 马复兴面馆 陈克明挂面 王星记 孔凤春 戴春林香粉".split(),
    "animal": "白头鹎 赤麻鸭 黑颈鹤 红隼 中华秋沙鸭 朱鹮 绿尾虹雉 白鹡鸰".split(),
    "science": "牛顿环 帕斯卡原理 刘徽割圆术 赵爽弦图 伽利略斜面实验 托里拆利实验 欧拉公式 孟德尔定律".split(),
    "dish": "霍家大饼 贾三灌汤包 符离集烧鸡 道口烧鸡 扬州炒饭 李记酱肘 宫保虾球 赵家楼锅贴".split(),
    "film": "邓稼先 许三多 焦裕泰 张嘎子 刘老根 鲁冰花 林则徐 杨善洲".split(),
    "foreign": "开普勒 法拉第 拿破仑 海伦凯勒 塞万提斯 凡尔纳 狄更斯 列宁".split(),
    "place": "范公堤 蒋家桥 曹妃甸 千岛湖 石河子 洪泽湖 黄果树 严子陵钓台".split(),
    "fiction": "卖火柴的小女孩 孙敬 凿壁偷光的匡衡 孟母 苏秦 唐雎 孙叔敖 毛遂 宋濂".split(),
}

# Templates: {n} a person's name (gold), {k} a nickname (gold), {e} an English name (gold),
# {c} class, {s} school, {x} hard negative, {t} a title with a surname, {w} an ordinary word
# that starts with a surname character, {o} a company named like a person.
TEMPLATES_AU: dict[str, list[str]] = {
    "comment": [
        "学期寄语：{n}，你的字越来越漂亮了，如果数学计算再细心一点，一定能更上一层楼。",
        "帮我写一句给学生{n}的评语，他这学期当了图书管理员，很负责。",
        "{c}素质报告单 学生{n} 评语：乐于助人，课堂发言积极，偶尔粗心。",
        "请把这段话改得更具体：{n}表现不错，{k}也有进步。",
        "三句评语，分别给{n}、{e}和{k}，语气亲切一点。",
    ],
    "leave": [
        "{t}您好，我是{n}的爸爸，孩子今天发烧38度5，请假一天，谢谢理解。",
        "请假条：学生{n}因参加区合唱比赛，{c}明天下午的课请假半天。家长：{n}",
        "{k}今天去医院拔牙，上午晚点到校，麻烦老师了。",
        "老师好，孩子{n}的外公住院了，我们这周要回去照顾，请假到周四。",
        "{e}'s mum here, {e} has a cold and will stay home today. 谢谢{t}",
    ],
    "notice": [
        "【通知】请{n}、{n}、{n}三位同学午休时到音乐教室排练。",
        "表扬：{s}{c}学生{n}在区作文比赛中获一等奖。",
        "下列同学的校服尺码还没登记：{n}、{k}、{e}，请尽快补填。",
        "紧急通知：明天秋游，{n}家长负责第二小组，集合时间早上七点四十。",
        "食堂通知：{n}同学的饭卡已挂失补办，请到总务处领取。",
    ],
    "table": [
        "学号 姓名 语文 数学\n01 {n} 92 88\n02 {n} 85 97\n03 {n} 78 81",
        "姓名,座号,联系电话备注\n{n},5,爸爸\n{n},12,妈妈\n{e},7,外婆",
        "{c}跳绳测试\n{n}\t165\n{n}\t142\n{k}\t120",
        "组别|组员\n一组|{n}、{n}\n二组|{n}、{k}",
    ],
    "group": [
        "研学分组：第一组{n}（组长）、{n}、{e}；第二组{n}（组长）、{k}、{n}",
        "拔河比赛队员：{n}、{n}、{n}、{k}、{n}",
        "英语话剧角色：王子——{e}，公主——{n}，旁白——{n}",
        "Project team: {e}, {e} and {n}.",
    ],
    "homevisit": [
        "家访记录：学生{n}，和奶奶{n}同住，父母在外地开{o}，每月回来一次。",
        "今天去了{k}家，他妈妈{n}说孩子晚上玩手机到很晚。",
        "家访：{n}家刚搬到新小区，邻居家的{k}和他同班，每天一起上学。",
    ],
    "aid": [
        "资助申请：本人{n}，{c}学生，父亲{n}因病失去劳动能力，家中靠母亲在{o}打零工维持。",
        "贫困生认定名单\n{n} 一档\n{n} 二档\n{n} 二档",
        "爱心助学：{o}向{s}学生{n}捐赠学习用品一批。",
    ],
    "intro": [
        "我叫{n}，小名{k}，今年九岁，喜欢画画和养金鱼。",
        "Hi, my name is {e}. My Chinese name is {n}. I like basketball.",
        "大家好，我是转学来的{n}，以前在{s}，请多关照。",
        "新同学名叫{n}，大家叫她{k}就行。",
    ],
    "mixed": [
        "{e} 和 {n} 的 group project 做得很好，明天 present 给全班看。",
        "Please remind {n} to bring his PE kit，他已经忘了两次了。",
        "{k} 的 homework 没交，{t} 让我问一下家长。",
        "Field trip list：{e}、{n}、{k}，都交了 permission slip。",
    ],
    "cue": [
        "今日升旗手：{n}",
        "午休管理员：{n}",
        "本月图书借阅之星：{n}",
        "失物：红色水壶，认领人{n}",
        "眼保健操检查员：{n}",
        "校门口值勤：{n}",
        "本周卫生委员：{n}",
    ],
    "negative": [
        "{t}布置了任务：查找关于{x}的资料，做成PPT。",
        "给三年级学生讲一讲{x}，要通俗易懂。",
        "{x}和{x}有什么共同点？",
        "{t}说下周一的升旗仪式改到周二。",
        "以{x}为题，写一段两百字的介绍。",
        "周末带孩子去了{x}，帮忙想个日记开头。",
        "应用题：小红有12颗糖，分给小明一半后还剩几颗？",
        "{t}留的练习：小华骑车每分钟行250米，20分钟行多少米？",
    ],
    "org": [
        "{n}爸爸开的{o}赞助了这次校运会的矿泉水。",
        "感谢{o}为我校捐赠的二十台电脑。",
        "学生家长工作单位：{o}",
        "元旦晚会的音响是{o}借给我们的。",
        "{n}的妈妈在{o}当会计，愿意给孩子们讲讲理财。",
    ],
    "health": [
        "{n}有哮喘，体育课跑步时请{t}多留意，药在他书包侧袋里。",
        "晨检：{c}{n}体温37.8度，已通知家长。",
        "{k}昨天摔伤了膝盖，这周不能参加跳绳训练。",
        "{n}对芒果过敏，午餐水果请换一下。",
    ],
    "family": [
        "{n}父母离异，目前跟妈妈{n}生活，爸爸每周六来接。",
        "{n}是家里的双胞胎之一，哥哥{n}在隔壁班。",
        "{k}的奶奶一个人带着他和妹妹，平时很辛苦。",
    ],
    "words": [
        "解释成语：{w}",
        "用“{w}”写一句描写秋天的话。",
        "下面成语中书写有误的是：{w}、{w}、{w}",
        "把“{w}”和“{w}”分别用在一段话里。",
        "写出{w}的近义词。",
    ],
    "chat": [
        "【{c}家长群】\n{n}妈妈：今天作业是哪几页？\n{n}爸爸：数学练习册32到33页\n{t}：对的",
        "{k}：明天带不带泳衣\n{n}：要带，第三节游泳课\n{k}：收到",
        "{n}：谁捡到一个蓝色文具盒\n{e}：在我这儿\n{n}：谢啦",
        "{t}：{k}今天帮同学补课，值得表扬\n{n}外婆：谢谢老师",
        "{n}奶奶：孩子说{k}借了他的跳绳没还\n{k}妈妈：我让他明天带去",
    ],
    "seating": [
        "座位调整（第十周）\n第一排：{n} {k}\n第二排：{n} {n}\n第三排：{e} {n}",
        "{n}视力下降，请和前排的{k}换个位置。",
        "讲台\n{n}  {n}   {k}  {n}\n{n}  {e}   {n}  {n}",
    ],
    "nickname": [
        "{k}又把作业落在家里了，{t}让他明天补交。",
        "班里同学都管他叫{k}，因为他总是笑眯眯的。",
        "{k}，你的外套落在操场上了！",
        "在家大家喊她{k}，到了学校同学也跟着喊。",
        "给{k}写一张生日卡，她最喜欢{x}。",
        "{k}和{k}课间在楼梯上打闹，被{t}批评了。",
        "{k}、{k}、{k}，你们三个放学后留下来出黑板报。",
        "我们组的{k}特别会讲笑话，{k}每次都笑得停不下来。",
    ],
    "award": [
        "优秀少先队员：{n}、{n}、{k}",
        "校运会成绩\n女子800米 第一名 {n}\n男子跳远 第二名 {n}\n女子实心球 第三名 {e}",
        "本月“文明之星”：{c} {n}；“阅读之星”：{c} {n}",
        "祝贺{n}获得市中小学生书法比赛金奖，指导老师{t}。",
    ],
    "duty": [
        "本周值日\n周一 {n} {k}\n周二 {n} {n}\n周三 {e} {n}\n周四 {n} {n}\n周五 {k} {n}",
        "家长志愿者护学岗：周二{n}爸爸，周四{n}妈妈。",
        "黑板报轮值：第一期{n}，第二期{k}，第三期{n}",
    ],
    "prose": [
        "那次我忘带午饭，是{k}把他的面包分了一半给我，从此我们成了好朋友。",
        "作文题目：《我们班的{k}》，写出他的一个特点。",
        "记得三年级的运动会，{n}摔倒了又爬起来跑完全程，全班都在为她喊加油。",
        "{n}总是第一个到教室，默默把窗户打开，再把黑板擦干净。",
    ],
    "pickup": [
        "放学接送登记\n{n}（爸爸接）\n{k}（托管班）\n{e}（校车）",
        "今天{n}由舅舅{n}来接，已和班主任确认。",
        "托管班名单：{n}、{k}、{n}、{e}，四点半在一楼集合。",
        "{n}妈妈说今天{k}和{n}一起坐她的车回家。",
    ],
    "club": [
        "社团报名表\n机器人社：{n}、{e}\n书法社：{n}、{k}\n足球社：{n}",
        "围棋社本学期新成员：{n}、{n}、{k}",
        "{n}想从美术社换到合唱团，请{t}批准。",
        "Drama club cast: {e} as the king, {n} as the fox, {k} as the narrator.",
    ],
    "counsel": [
        "谈心记录：学生{n}，最近和同桌{k}闹矛盾，情绪低落，约定下周再聊。",
        "心理辅导：{n}反映被{n}起外号，已分别谈话。",
        "{k}说在家里常听到父母吵架，上课注意力不集中，建议联系家长{n}。",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_AU = tuple((
    "眼保健操检查员 节能监督员 电教管理员 班级记账员 黑板报主编 广播站播音员 红领巾监督岗 安全委员 外曾祖父 "
    "太爷爷 表姑 书法老师 舞蹈老师 棋社社长 社团指导老师 饮水机管理员 作业收发员 午餐监督员 路队旗手 表叔 表嫂 "
    "义父 课桌椅维修员 放学领队"
).split())
SEPS_AU = ("", " — ", "是我们班的", "->", "》", "，全名")
TAILS_AU = ("", "（病假）", "，谢谢老师", "已交费用", "～收到", "（奶奶代签）", "已到", "，周三见", "（转出）", "还没回复")
CLASSES_AU = ("一年级(6)班", "二年级(7)班", "三(8)班", "四年级(5)班", "五(6)班", "六年级(4)班", "七年级(5)班",
              "八(7)班", "初一(9)班", "初三(4)班", "九(6)班", "高一(11)班", "高二(6)班", "高三(7)班")
SCHOOLS_AU = ("西湖小学", "和平路小学", "第十九中学", "河口镇中心小学", "东郊中学", "龙山小学", "市第三十三中学",
              "县第一职业中学")
ORG_SUFFIXES_AU = ("凉皮店", "烘焙坊", "文具店", "眼镜行", "汽车美容店", "麻辣烫店", "瓷砖店", "宠物医院")
# The jieba frequency band of the ordinary four-character words that start with a surname
# character (every earlier split's words have two or three characters).
WORD_FREQ_AU = (2, 20)
