"""The eleventh framing split's own exam items: written for it, in every subject and both
languages (choice items with options, calculations, essays, reading, grammar), so that the
split does not rest on the three evaluation sources alone. Nothing here is a real paper."""

from __future__ import annotations

__all__ = ["ELEVENTH_ITEMS"]

ELEVENTH_ITEMS: tuple[str, ...] = (
    # maths
    "已知函数 f(x)=x³-3x+1，求 f(x) 在区间 [-2, 2] 上的最大值和最小值。",
    "等差数列 aₙ 中，a₃=7，a₇=19，求该数列的通项公式及前 10 项和。",
    "一个圆柱形水桶底面半径 20 厘米，高 50 厘米，装满水后倒入一个长 80 厘米、宽 25 厘米的长方体水槽，水深多少厘米？（π取3.14）",
    "若复数 z 满足 (1+i)z = 3-i，则 |z| = （  ）\nA. √5  B. 5  C. √10  D. 10",
    "甲、乙两车从相距 360 千米的两地同时出发相向而行，甲车每小时行 65 千米，乙车每小时行 55 千米，几小时后两车相遇？",
    "解不等式组：2x-1 > x+3，且 3(x-2) ≤ 2x+5，并写出它的整数解。",
    "在△ABC 中，AB=AC，∠BAC=120°，BC=6√3，求△ABC 的面积。",
    "抛掷两枚质地均匀的骰子，点数之和为 8 的概率是多少？",
    # Chinese language and literature
    "阅读下面的文言文，完成后面的题目。\n“陈尧咨善射，当世无双，公亦以此自矜。”\n解释加点词“矜”的意思，并翻译画线句子。",
    "下列词语中，加点字的读音全部正确的一项是（  ）\nA. 炽热(zhì) 憎恶(zēng)\nB. 酝酿(niàng) 踌躇(chú)\nC. 倔强(jué) 栅栏(shān)\nD. 慰藉(jí) 咀嚼(jué)",
    "以“那一刻，我读懂了沉默”为题，写一篇不少于 600 字的记叙文，不得透露真实的校名和人名。",
    "请从修辞手法的角度赏析句子：“月光如流水一般，静静地泻在这一片叶子和花上。”",
    "默写：（1）________，风烟望五津。（2）海内存知己，________。",
    "材料作文：有人说“慢即是快”，也有人说“天下武功，唯快不破”。请结合材料写一篇议论文，题目自拟，不少于 800 字。",
    "阅读短文《老屋的门槛》，回答：文中三次写到“门槛”，各有什么作用？（6分）",
    # English
    "—Would you mind my opening the window? —______. It's a bit hot in here.\nA. Yes, I do  B. Of course not  C. Never mind  D. Not at all, go ahead",
    "Fill in the blank with the correct form of the word given: She has been ______ (practise) the violin since she was five.",
    "Read the passage and answer: Why did Tom decide to return the wallet to the old man? Give two reasons from the text.",
    "Writing: Your school is holding a Green Week. Write a letter of about 100 words to the exchange students, inviting them to join.",
    "Translate into English: 尽管下着大雨，志愿者们仍然坚持把物资送到了每户人家。",
    "Choose the word that best completes the sentence: The bridge ______ by the end of next year.\nA. will complete  B. will have been completed  C. has completed  D. is completing",
    # physics, chemistry, biology
    "一个质量为 2 kg 的物体从 20 m 高处自由下落，不计空气阻力，g 取 10 m/s²，求落地时的速度和下落时间。",
    "用伏安法测小灯泡电阻时，电压表示数为 2.5 V，电流表示数为 0.25 A，求小灯泡此时的电阻和电功率。",
    "下列物质中属于纯净物的是（  ）\nA. 洁净的空气  B. 冰水混合物  C. 澄清石灰水  D. 食醋",
    "实验室用 15.8 g 高锰酸钾加热制取氧气，完全分解后最多能得到氧气多少克？（K-39 Mn-55 O-16）",
    "写出铁在氧气中燃烧的化学方程式，并说明集气瓶底部预先放少量水的原因。",
    "豌豆的高茎(D)对矮茎(d)为显性，Dd 与 dd 杂交，后代中矮茎所占比例为多少？请画出遗传图解。",
    "简述光合作用和呼吸作用的区别与联系（至少答出三点）。",
    # history, geography, politics
    "简述洋务运动的主要内容，并评价其历史作用。",
    "“贞观之治”出现在哪个朝代？列举唐太宗时期的两项治国措施。",
    "读某地气温曲线和降水柱状图，判断该地的气候类型并说明判断依据。",
    "我国地势西高东低、呈三级阶梯分布，这种地势特点对河流流向和交通有什么影响？",
    "结合材料，运用“矛盾的普遍性和特殊性”原理，说明为什么要因地制宜发展乡村产业。",
    "下列属于公民基本义务的是（  ）\nA. 受教育  B. 劳动  C. 依法纳税  D. 以上都是",
    # information technology, music, the primary years
    "阅读下面的 Python 程序，写出运行结果：\ns = 0\nfor i in range(1, 6):\n    s += i * i\nprint(s)",
    "看拼音写词语：pú tao（    ） zhuō mí cáng（    ） kuān kuò（    ）",
    "小明有 48 张邮票，小红的邮票是小明的 3/4，小红比小明少多少张？",
    "把下面的句子改成“被”字句：妈妈把房间打扫得干干净净。",
    "一个三角形的两个内角分别是 35° 和 65°，第三个角是多少度？这是什么三角形？",
    "Look and write: There ______ (be) a pencil and two rulers on the desk.",
)
