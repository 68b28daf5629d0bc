"""The spring split's vocabulary for `bench.schoolcorpus` (split ``spring``).

Written on branch r15-splits, after the fresh split, by someone who ran no detector or model
on it, saw no score and read none of the detector's lexicons: its given names, character
pools, name-words, minority and English names, compound surnames, classes, schools, role
words, separators, tails, company suffixes, hard negatives and template wordings are new,
disjoint from every split written before (tests/bench/test_schoolcorpus_held_out.py checks
it). Only the single-character surnames are shared, as in any real school, and drawn with
the same Zipf-like weighting. Beside the test split's situations it has three of its own:
WeChat group chat logs, seating plans, and nicknames made with 小/阿/老 (slot {k}, gold, kind
``nickname``). Nothing here is real data.
"""

from __future__ import annotations

__all__ = [
    "SPRING_SEED", "COMPOUND_SP", "COMPOUND_RATE_SP", "GIVEN2_SP", "GIVEN1_SP", "POOL_SP", "NAME_CHARS_SP",
    "WORDNAMES_SP", "MINORITY_SP", "ENGLISH_SP", "NEG_SP", "TEMPLATES_SP", "CUES_SP", "SEPS_SP", "TAILS_SP",
    "CLASSES_SP", "SCHOOLS_SP", "ORG_SUFFIXES_SP", "WORD_FREQ_SP", "NICK_PREFIXES_SP",
]

# Drawn at random (secrets.randbelow(1_000_000)), not derived from the other seeds.
SPRING_SEED = 945574

# Compound surnames no other split uses: 张廖 as registered in Taiwan (its first character is
# itself a common surname), the rest from the Hundred Family Surnames.
COMPOUND_SP = ("张廖", "公仪", "东里", "伯赏", "商牟", "仉督")
COMPOUND_RATE_SP = 0.01

# Curated two-character given names: the 2010s (pupils) and the parents' and grandparents'
# generations (家长, 监护人, 爷爷奶奶).
GIVEN2_SP = (
    "亦航 言希 景程 书恬 书宁 初晴 沐言 晚晴 芸汐 语棠 宥辰 恩泽 乐琰 昊天 宇哲 嘉芮 俊彦 博闻 明睿 泓毅 "
    "晟轩 亦珩 子谦 一禾 柚宁 以恒 思衡 安禾 佑宁 知遥 "
    "凤琴 桂芝 冬梅 淑华 卫星 国梁 跃进 国栋 素梅 美华 丽霞 淑贞 春华 德华 宝珍 有福 长青 爱琴 金生 满仓"
).split()
# One-character given names: characters no other split uses for names.
GIVEN1_SP = tuple("蔷煦颀湉赓韧潆旌栎桢")
# Two pools for generated given names (sur + c + c), disjoint from every other split's characters.
POOL_SP = "缙堃滨溢泳洺渲澔瀛炎烽焜"
NAME_CHARS_SP = ("珉琉瑚璃瑆禾秩稷箫篱絮纭绮绯缨罡翡翕耕胤芥茁荔莅菀萁萤蔻薪藜虹裳觅谨谧豫贻赉轶迅逍遥邃醇"
                 "钲铃铧锟镜阑隽靓颉飒飙馗骊鸥鸾鹊麟黔鼎沚淏漫舫澋")
# Nicknames: 小 + a surname or given character, 阿 + a given character, 老 + a surname.
NICK_PREFIXES_SP = ("小", "阿", "老")

# Names that are also ordinary words or phrases, as parents really give them.
WORDNAMES_SP = "向晴 安澜 钟灵 叶舟 夏阳 常春 石松 林溪 金钟 宁心 向晨 程远 路平 郝运 齐飞 甘棠 龙吟 田恬".split()

# Uyghur and Kazakh names with the middle dot of official forms (·), the bullet or katakana
# dot of phone keyboards (•, ・), or typed without a dot; Tibetan, Mongolian, Dai and Yi names
# (undotted); Zhuang and Hui pupils with Han-style names and their communities' typical
# surnames (韦, 覃, 蒙; 哈, 海, 答). No part of any is used by another split.
MINORITY_SP = (
    "比拉力·艾散", "祖木热提·吾休尔", "布再纳甫·阿不力米提", "迪力木拉提·塔西", "阿依先木·买提热依木",
    "伊克热木·吾拉木", "麦吾兰江·阿布力孜", "叶尔江·哈孜木", "阿依登·木拉别克", "努尔扎提•托列吾",
    "热比古丽•喀迪尔", "阿卜杜外力・托合尼亚孜", "米合日阿依・玉苏音", "热比古丽喀迪尔", "阿扎提古丽吐送",
    "尼玛拉姆", "达娃次仁", "旦增卓嘎", "格桑旺堆", "索朗卓玛", "顿珠次旦",
    "乌恩其", "呼和巴特尔", "斯日古楞", "娜仁托娅", "苏和", "额尔登巴雅尔",
    "岩保", "玉楠", "岩糯", "玉儿香",
    "阿苏阿呷", "吉木子洛", "曲木阿呷", "勒尔日哈",
    "韦金梅", "覃海兰", "蒙秋凤", "哈文杰", "海玉兰", "答秀芳",
)
ENGLISH_SP = ("Bobby", "Candy", "Derek", "Eason", "Gina", "Jimmy", "Kate", "Nancy", "Rita", "Sandy", "Tracy",
              "Wayne")

# Hard negatives: a title after a surname, and words that start with a surname character or
# name someone famous, historical, fictional or a textbook figure, none of them a private
# person's name.
NEG_SP = {
    "title": "葛老师 雷主任 邵校医 汪阿姨 裴教练 柴师傅 阎园长 祝书记 凤会计 甘馆长 项科长 向校长 蒲叔叔 娄大夫 "
             "卓护士 廉站长 冉伯伯 焦经理 宁主任 谭奶奶".split(),
    "brand": "李子柒 王饱饱 卫岗 马大姐 沈大成 曹操出行 鲍师傅 张亮麻辣烫 袁记云饺 冠生园".split(),
    "animal": "蓝马鸡 白琵鹭 黄腹角雉 马鬃蛇 江鳕 金斑喙凤蝶 白冠长尾雉 黄颡鱼".split(),
    "science": "楞次定律 库仑定律 阿基米德原理 洛伦兹力 霍尔效应 丁达尔效应 卢瑟福模型 范德华力 法拉第电磁感应 "
               "孟德尔遗传定律".split(),
    "dish": "西施舌 贵妃鸡 太白鸭 乾隆白菜 周村烧饼 德州扒鸡 常德米粉 马蹄糕 金华火腿 宁波汤圆".split(),
    "film": "杨门女将 许三观卖血记 林家铺子 骆驼祥子 白日焰火 钢铁侠 我和我的祖国 秦腔 芳华".split(),
    "foreign": "丘吉尔 戴高乐 巴赫 海顿 康德 黑格尔 施瓦辛格 罗纳尔多 梅西".split(),
    "place": "邵阳 毕节 于都 祁连山 卢沟桥 黎平 贺州 汤山 房山 金寨".split(),
    "fiction": "蔺相如 廉颇 曹刿 邹忌 晏子 杨修 范爱农 杨二嫂 长妈妈 刘姥姥 阿Q 凡卡".split(),
}

# Templates: {n} a person's name (gold), {k} a nickname (gold), {e} an English name (gold),
# {c} class, {s} school, {x} hard negative, {t} a title with a surname, {w} an ordinary word
# that starts with a surname character, {o} a company named like a person. The test split's
# situations plus chat, seating and nickname, as teachers, parents and pupils type them.
TEMPLATES_SP: dict[str, list[str]] = {
    "comment": [
        "请帮我润色这段评语：{n}这学期进步很大，数学从六十多分考到了八十五，就是上课爱接话茬。",
        "{n}同学：你的作文《我的外婆》让全班都红了眼眶，希望你继续用文字记录生活。",
        "给{c}写期末评语，每人两句，先写这三个：{n}（文静、爱画画）、{n}（调皮、体育好）、{n}（班长、负责）",
        "{n}在本学期表现：学习态度★★★★ 劳动★★★ 合作★★★★★，{t}建议多参加集体活动。",
        "我想给{n}写一句话的寄语，他刚从外地转来，还不太合群，不要写得太官方。",
    ],
    "leave": [
        "{t}您好，我是{n}家长，孩子昨晚吐了两次，今天上午请假去儿童医院，下午看情况。",
        "老师，明天{n}要去参加市里的钢琴考级，上午第三四节请个假，辛苦！",
        "请假条\n本人{n}因家中老人病重，需请假三天（周三至周五），望批准。\n{c}",
        "{n}外公腿脚不方便，以后放学由邻居{n}阿姨代接，已跟门卫说过。",
        "报告老师，{n}今天发烧38度5，在家吃了退烧药，明天能不能来再跟您说。",
    ],
    "notice": [
        "【通知】请{n}、{n}两位同学的家长今晚八点前在小程序里完成校服征订。",
        "恭喜{c}{n}同学在区中小学生书法比赛中获得一等奖！👏👏",
        "@所有人 周五研学旅行的车长：1号车{n}爸爸，2号车{n}妈妈，请准时到校。",
        "{s}关于表彰“文明少年”的决定：{n}、{n}、{n}",
        "本周图书漂流：{n}带了三本绘本，有想借的同学找她登记。",
    ],
    "table": [
        "姓名|语文|数学|英语|总分\n{n}|96|100|94|290\n{n}|88|79|91|258",
        "{c}期中成绩（请勿外传）\n1 {n} 702\n2 {n} 689\n3 {n} 671",
        "学生姓名 跳绳(个/分) 50米(秒)\n{n} 168 8.1\n{n} 142 9.0\n{n} 155 8.6",
        "姓名,性别,出生日期\n{n},女,2014-03-08\n{n},男,2013-11-21",
    ],
    "group": [
        "研学分组\n一队：{n}（队长）、{n}、{n}\n二队：{n}（队长）、{n}",
        "植树节小组：{n}挖坑，{n}扶苗，{n}浇水，{e}拍照记录。",
        "班级读书会第二组名单：{n} {n} {n} {n}",
        "Debate team A: {e}, {n}, {n}",
    ],
    "homevisit": [
        "家访记录表\n被访学生：{n}\n接待人：{n}（母亲）\n家访教师：{t}\n情况：家里开了一家小超市，孩子放学后在店里写作业。",
        "今天下午去了{n}家，孩子奶奶{n}一个人带着兄妹俩，屋里收拾得很干净。",
        "家访小结：{n}沉迷手机游戏，父亲{n}常年跑运输，母亲在{o}打工，沟通后约定每天限时半小时。",
    ],
    "aid": [
        "尊敬的评审老师：我是{s}{c}的{n}，父亲去年因病去世，母亲靠打零工供我和弟弟读书，特申请助学金。",
        "困难学生资助公示\n{n} 一档\n{n} 二档\n{n} 二档\n公示期五天。",
        "资助申请表\n学生：{n}\n家长：{n}\n家庭年收入：约两万元\n致困原因：因病",
        "经班级民主评议，推荐{n}为本学期“雨露计划”资助对象。",
    ],
    "intro": [
        "我叫{n}，是个爱笑的女孩，我的爱好是跳绳，我的梦想是当一名兽医。",
        "Hi everyone, my name is {e} and my Chinese name is {n}. I love basketball.",
        "自我介绍一下，我是新来的语文老师，学生们都喊我{k}，以后请多关照。",
        "我是{c}的{n}，来自山里的一个小村子，第一次住校，有点想家。",
    ],
    "mixed": [
        "Dear {t}，{n} 今天 has a fever，可能 can't come to school，sorry for the trouble",
        "{e} 和 {n} 的 project 是关于 recycling 的，下周一 present。",
        "Please check {n}'s essay，主要是 grammar 和 spelling。",
        "今天 PE class {n} 扭到脚了，{e} 送她去了 nurse office。",
    ],
    "cue": [
        "今天值日：{n}",
        "本周升旗仪式主持：{n}",
        "{c}班级日志记录员{n}",
        "拾到饭卡一张，卡上名字是{n}",
        "接送卡登记：{n}（姑姑）",
        "午托负责人：{n}",
        "校园之星：{n}",
        "紧急联系人二：{n}",
    ],
    "negative": [
        "{t}说下节课讲{x}，帮我准备三个导入问题。",
        "用一百字给三年级学生介绍一下{x}。",
        "{x}和{x}有什么联系？帮我做个对比表。",
        "{t}今天又夸咱们班了，大家继续保持！",
        "请以{x}为素材，设计一道阅读理解题。",
        "周末带孩子去了{x}，回来要写观察日记，怎么开头？",
        # the figures of textbook word problems are nobody: 小亮, 小丽 and 小军 are not labelled
        "应用题：小亮有24颗玻璃球，小丽的是他的一半，小军比小丽多5颗，小军有几颗？",
        "{t}布置的练习：小丽从家到学校要走15分钟，她7点40出门，几点到校？",
    ],
    "org": [
        "{n}家长在{o}上班，这次义卖的饮料是他们赞助的。",
        "特别感谢{o}为我校运动会提供矿泉水。",
        "母亲单位：{o}",
        "秋游的大巴是{o}派的车。",
        "孩子爸爸开了个{o}，家长会来不了，委托爷爷参加。",
    ],
    "health": [
        "{n}有哮喘，体育课长跑请{t}多留意，药放在书包侧袋。",
        "晨检异常：{c}{n}，体温37.6℃，已通知家长接回。",
        "{n}家长反映孩子最近晚上总咳嗽，能不能调到离空调远一点的位置。",
        "{n}确诊水痘，居家隔离两周，同桌{n}也请家长留意。",
    ],
    "family": [
        "{n}父母离异，跟着爸爸{n}生活，爸爸常年在外地工地上，平时由姑姑照顾。",
        "{n}的妈妈是聋哑人，和老师沟通主要靠发文字，请理解。",
        "{n}家是低保户，哥哥{n}在读大学，家里还有一个生病的爷爷。",
    ],
    "words": [
        "给这几个词标上拼音：{w}、{w}、{w}",
        "请用“{w}”写一个句子。",
        "听写：{w}  {w}  {w}  {w}",
        "“{w}”在这里怎么理解？",
        "选词填空：{w} / {w}",
    ],
    "chat": [
        "【{c}家长群】\n{n}妈妈：老师，明天要带跳绳吗？\n{t}：要带的哈\n{n}爸爸：收到",
        "{n}奶奶：[语音] 转文字：老师我家娃今天作业本忘带了\n{t}：没事，明天带来",
        "群聊记录\n{k}：谁看到我的水杯了\n{n}：在讲台上\n{k}：谢啦",
        "{n}：[图片]\n{n}：这道题谁会？\n{e}：我会，等我吃完饭",
        "{t}：请{n}、{n}家长私聊我一下，谢谢\n{n}妈妈：好的老师",
    ],
    "seating": [
        "座位表（第三周）\n第一排：{n} {n} {n} {n}\n第二排：{n} {n} {n} {n}",
        "调座位：{n}和{n}互换，{n}坐到第一排靠窗。",
        "讲台\n{n}  {n}  |  {n}  {n}\n{n}  {n}  |  {e}  {n}",
        "{n}近视加深，申请从第五排调到第二排，同桌换成{n}。",
    ],
    "nickname": [
        "{k}今天又没交作业，{t}让他放学留下来补。",
        "我们班{k}和{k}是一对好朋友，天天形影不离。",
        "{k}，明天记得把班费带来！",
        "食堂阿姨都认识{k}，每次都给他多打一勺菜。",
        "帮我给{k}写张生日贺卡，她今年十岁，最喜欢{x}。",
    ],
}

# Role words that introduce a person (none of the other splits').
CUES_SP = tuple((
    "领操员 纪检委员 阅读委员 电教委员 护苗员 图书角管理员 植物角管理员 收发员 节水员 外孙女 孙媳 小舅 大舅 "
    "二叔 姑奶奶 舅公 叔公 继子 义工 代接人 受访家长 获助学生 寄宿生 责任教师 陪考家长 对桌 上铺 "
    "车长 班级日志记录员 午托负责人 晨检员 饭卡持有人"
).split())
SEPS_SP = ("", "即", "改为", "是咱班的", " -> ", "丨")
TAILS_SP = ("", "，已通知家长", "（代签）", "明早补交", "，谢谢配合", "已核对", "～～", "（转学）", "本学期", "，已登记在册")
CLASSES_SP = ("一年级(2)班", "二年级三班", "三年级(6)班", "四年级(2)班", "五(4)班", "六年级五班", "初一(7)班", "初三2班",
              "九年级(4)班", "高一(6)班", "高二(12)班", "高三(9)班")
SCHOOLS_SP = ("西街小学", "人民路小学", "第九中学", "县第三中学", "镇初级中学", "明德小学", "新城实验学校", "滨湖中学")
ORG_SUFFIXES_SP = ("洗车行", "烧烤店", "粮油店", "手机店", "包子铺", "窗帘店", "打印店", "水果店")
# jieba frequencies of the ordinary words that start with a surname character: below the
# fresh split's band (10–19) and below the train-only name-words of bench.name_train_extra (frequency
# 5 and up), so no word is shared and that training set is unchanged.
WORD_FREQ_SP = (3, 5)
