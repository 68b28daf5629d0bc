"""The thirteenth framing split's own exam items: written for it, in every subject and both
languages, with many items that ask nothing in question form (填空, 补全, 改写, 概括, 列举, Fill in,
Rewrite, Summarise) and items that themselves hold past-tense and time words (前天, 上周, 今年春天,
1949 年, yesterday), so that neither a question mark nor a time word tells an item from its framing.
Nothing here is a real paper."""

from __future__ import annotations

__all__ = ["THIRTEENTH_ITEMS"]

THIRTEENTH_ITEMS: tuple[str, ...] = (
    # maths
    "已知等差数列 (a_n) 中 a₃ = 7，a₇ = 19，求通项公式 a_n 及前 10 项和 S₁₀。",
    "一个圆柱的底面半径是 3 cm，高是 8 cm，求它的表面积和体积（π 取 3.14）。",
    "王阿姨前天买了 5 千克苹果，每千克 7.6 元，付给售货员 50 元，应找回多少元？",
    "因式分解：x³ − 4x。",
    "在 △ABC 中，∠A = 60°，AB = 4，AC = 6，求 BC 的长。",
    "直线 y = 2x + b 与两坐标轴围成的三角形面积为 4，则 b 的值为（  ）\nA. ±4  B. 4  C. ±2  D. 2",
    "一个班上周测验的平均分是 82 分，其中男生 20 人平均 80 分，女生平均 85 分，女生有多少人？",
    "填空：0.375 = ( )/8 = ( )% = ( ) : 16。",
    "画出函数 y = x² − 2x − 3 的图像，并写出它的顶点坐标和对称轴。",
    # Chinese language and literature
    "概括《孔乙己》中“我”对孔乙己态度的变化。",
    "补全下列诗句：（1）海内存知己，________。（2）________，病树前头万木春。",
    "改写句子，把陈述句改成反问句：我们应该爱护身边的环境。",
    "以“前天的那场雨”为开头，续写一段不少于 300 字的文字。",
    "列举《水浒传》中与“林冲”有关的两个情节。",
    "赏读朱自清《春》中“盼望着，盼望着，东风来了，春天的脚步近了”一句，说说“盼望着”反复使用的表达效果。",
    "下列词语中加点字注音全部正确的一项是（  ）\nA. 憧憬（chōng）  B. 静谧（bì）  C. 狡黠（jié）  D. 迸溅（bìn）",
    "阅读下面的文言文，翻译画线句子：“医之好治不病以为功。”",
    # English
    "Fill in the blank with the correct form: She ______ (live) in Hangzhou since 2015.",
    "Rewrite the sentence using \"so ... that\": The box was very heavy. I couldn't lift it.",
    "Summarise the passage below in no more than 30 words. Yesterday our school held its first science fair, and over two hundred pupils took part.",
    "Choose the best answer: I'd rather you ______ here tomorrow.\nA. come  B. came  C. will come  D. coming",
    "Write a letter of about 100 words to your pen friend Tom, telling him about the trip your class took last week.",
    "Correct the one mistake in this sentence: He don't like swimming in winter.",
    "Put the words in the right order to make a sentence: park / we / yesterday / to / went / the",
    # physics, chemistry, biology
    "用 50 N 的水平拉力使重 200 N 的木箱在水平地面上匀速前进 6 m，拉力做了多少功？",
    "配平化学方程式：Fe₂O₃ + CO —高温→ Fe + CO₂。",
    "下列物质中属于纯净物的是（  ）\nA. 洁净的空气  B. 冰水混合物  C. 澄清石灰水  D. 矿泉水",
    "写出实验室用高锰酸钾制取氧气的化学方程式，并说明收集方法。",
    "列举种子萌发需要的三个外界条件。",
    "今年春天，某同学把两盆同样的绿豆苗分别放在阳光下和暗处，一周后比较它们的颜色。写出这个实验的变量和结论。",
    "凸透镜的焦距为 10 cm，物体放在距透镜 15 cm 处，成像的性质是（  ）\nA. 倒立放大实像  B. 倒立缩小实像  C. 正立放大虚像  D. 倒立等大实像",
    # history, geography, politics
    "1949 年 10 月 1 日发生了什么重大事件？说明它的历史意义。",
    "概述明朝郑和下西洋的时间、航线和影响。",
    "列举工业革命给英国社会带来的三个变化。",
    "在地图上，上北下南、左西右东的判断方向方法适用于哪种情况？",
    "说明长江三角洲地区发展工业的有利条件。",
    "结合上周学校的志愿服务活动，谈谈你对“责任”的理解。",
    # information technology and the primary years
    "用 Python 写一段程序，统计一个字符串中元音字母出现的次数。",
    "看拼音写词语：chéng fá（  ）  yōu yǎ（  ）  jiāo ào（  ）",
    "3 时 15 分 = (  ) 时。",
    "把下面的数按从小到大的顺序排列：0.6，3/5，0.65，2/3。",
)
