"""What a sum of money asked for is of: revenue, assets, damages, a share price.

"How much revenue did the firm lose?" is not answered by "…cost the airline $500 million", nor "What were
the bank's total assets?" by "Roblox had $3 billion at the bank": a figure answers only where its sentence
says it is a sum of the kind asked, in any of the words writers use for it ("sales" for revenue, "sued for"
for damages).
"""

from __future__ import annotations

import re

from assistant.text.lexical import STOPWORDS

# The kind a question names -> the words a sentence says it with. Only kinds that are one thing: "cost",
# "pay" or "money" may be any sum, so they ask no kind.
_KINDS: dict[str, str] = {
    "revenue": r"revenues?|sales|turnover|takings|income|earn(?:s|ed|ings?)?|receipts|proceeds|fees|tolls|"
    r"(?:brought|brings|bring|took|takes|take) in",
    "profit": r"profits?|profitab\w+|earnings|income|surplus",
    "assets": r"assets?|balance sheet|holdings",
    # "Lumen had $3 billion, about 5 percent of its cash, at the bank"
    "deposits": r"deposit(?:s|ed|ors?)?|cash|held|stuck",
    "damages": r"damages|compensation|claim(?:s|ed)?|demand(?:s|ed)?|seek(?:s|ing)?|sought|su(?:e|es|ed|ing)|"
    r"lawsuit|suit|award(?:s|ed)?|settle(?:d|ment)?",
    "fine": r"fine[sd]?|penalt(?:y|ies)|sanction(?:s|ed)?",
    "salary": r"salar(?:y|ies)|wages?|pay|paid|earn(?:s|ed|ing)?|compensation|package",
    # a share's price, or what a buyer paid ("…acquire McAfee for $7.68 billion"), or a thing's cost ("costs $5",
    # not "cost the airline $500 million", a loss)
    "price": r"pric(?:e|es|ed)|shares?|stocks?|trad(?:e|es|ed|ing)|valu(?:e|ed)|acqui\w+|buy\w*|bought|"
    r"purchas\w+|s(?:old|ell\w*)|pa(?:y|ys|id)|costs?(?= (?:(?:about|around|roughly|approximately|nearly|"
    r"over|under|just|only) )?[$€£\d])",
    "debt": r"debts?|ow(?:e|es|ed|ing)|borrow\w*|loans?|liabilit(?:y|ies)",
    "budget": r"budget(?:s|ed)?|allocat\w+|earmark\w*|spen(?:d|ds|t|ding)|fund\w*",
    "ransom": r"ransom|demand(?:s|ed)?",
    "tax": r"tax(?:es|ed)?",
    "dividend": r"dividends?|payouts?",
    "bonus": r"bonus(?:es)?",
    "valuation": r"valuation|valu(?:e|ed)|worth|capitali[sz]ation|market cap",
}
# How a question may name a kind: the noun, its plural.
_NAMED = {
    "revenue": "revenues?|sales|turnover",
    "profit": "profits?",
    "assets": "assets",
    "deposits": "deposits",
    "damages": "damages",
    "fine": "fines?",
    "salary": "salar(?:y|ies)|wages?",
    "price": "prices?|share price|stock price",
    "debt": "debts?",
    "budget": "budgets?",
    "ransom": "ransom",
    "tax": "tax(?:es)?",
    "dividend": "dividends?",
    "bonus": "bonus(?:es)?",
    "valuation": "valuation",
}
_KIND_WORD = "|".join(_NAMED.values())
# Where a question names the kind of the sum it asks: "how much (transit-fee) revenue", "how much … in
# damages", "What were Lumen's total assets", "To what price…", "What fine did…".
_ASKED = (
    re.compile(rf"\bhow much\s+((?:[\w-]+\s+){{0,3}}?)({_KIND_WORD})\b", re.I),
    re.compile(rf"\bhow (?:much|many \w+)\b[^?]*?\bin\s+((?:[\w-]+\s+){{0,2}}?)({_KIND_WORD})\b", re.I),
    re.compile(
        r"^\W*(?:what|which)\s+(?:was|were|is|are)\s+(?:the|its|their|his|her|[\w&.’'-]+(?:\s+[\w&.-]+){0,3}['’]s)"
        rf"\s+((?:[\w-]+\s+){{0,2}}?)({_KIND_WORD})\b",
        re.I,
    ),
    re.compile(rf"^\W*(?:(?:to|at|for) )?(?:what|which)\s+((?:[\w-]+\s+){{0,2}}?)({_KIND_WORD})\b", re.I),
)


def asked_sum(question: str) -> str | None:
    """The kind of sum the question asks for ("revenue" for "How much annual revenue…"), or None. Words
    between the opening and the noun must qualify it ("total", "transit-fee"), not start a phrase of their
    own ("What was the impact on revenue?")."""
    for pattern in _ASKED:
        for match in pattern.finditer(question):
            between = match.group(1).split()
            if any(w.lower() in STOPWORDS for w in between):
                continue
            said = match.group(2).lower()
            return next(kind for kind, named in _NAMED.items() if re.fullmatch(named, said))
    return None


def says_sum(kind: str, sentence: str) -> bool:
    """The sentence says a sum of this kind, in any of its words."""
    return re.search(rf"\b(?:{_KINDS[kind]})\b", sentence, re.I) is not None
