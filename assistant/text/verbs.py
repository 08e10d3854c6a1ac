"""Verb forms: one owner for "fled" ~ "flee" and "replaced" ~ "replace".

Regular forms match by their Snowball stem (PyStemmer, already the lexical stemmer); English's irregular
verbs, a closed class, are a table. A lemmatiser with tables (lemminflect) did the same but loading its
tables cost a cold `ask` ~0.3 s of its 1.5 s budget.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.text.lexical import stem

# base: its irregular past and past-participle forms
_IRREGULAR = {
    "arise": "arose arisen", "be": "was were been is are am", "bear": "bore borne born", "beat": "beaten",
    "become": "became", "begin": "began begun", "bend": "bent", "bet": "bet", "bid": "bid",
    "bind": "bound", "bite": "bit bitten", "bleed": "bled", "blow": "blew blown", "break": "broke broken",
    "breed": "bred", "bring": "brought", "build": "built", "burn": "burnt", "burst": "burst",
    "buy": "bought", "cast": "cast", "catch": "caught", "choose": "chose chosen", "cling": "clung",
    "come": "came", "cost": "cost", "creep": "crept", "cut": "cut", "deal": "dealt", "dig": "dug",
    "do": "did done does", "draw": "drew drawn", "drink": "drank drunk", "drive": "drove driven",
    "eat": "ate eaten", "fall": "fell fallen", "feed": "fed", "feel": "felt", "fight": "fought",
    "find": "found", "flee": "fled", "fly": "flew flown", "forbid": "forbade forbidden",
    "forget": "forgot forgotten", "forgive": "forgave forgiven", "freeze": "froze frozen", "get": "got gotten",
    "give": "gave given", "go": "went gone", "grow": "grew grown", "hang": "hung", "have": "had has",
    "hear": "heard", "hide": "hid hidden", "hit": "hit", "hold": "held", "hurt": "hurt", "keep": "kept",
    "know": "knew known", "lay": "laid", "lead": "led", "leave": "left", "lend": "lent", "let": "let",
    "lie": "lay lain", "lose": "lost", "make": "made", "mean": "meant", "meet": "met", "overcome": "overcame",
    "pay": "paid", "put": "put", "quit": "quit", "read": "read", "ride": "rode ridden", "ring": "rang rung",
    "rise": "rose risen", "run": "ran", "say": "said", "see": "saw seen", "seek": "sought", "sell": "sold",
    "send": "sent", "set": "set", "shake": "shook shaken", "shoot": "shot", "show": "shown", "shut": "shut",
    "sing": "sang sung", "sink": "sank sunk", "sit": "sat", "sleep": "slept", "slide": "slid",
    "speak": "spoke spoken", "spend": "spent", "spread": "spread", "stand": "stood", "steal": "stole stolen",
    "stick": "stuck", "strike": "struck stricken", "swear": "swore sworn", "sweep": "swept",
    "swim": "swam swum", "take": "took taken", "teach": "taught", "tear": "tore torn", "tell": "told",
    "think": "thought", "throw": "threw thrown", "undergo": "underwent undergone",
    "understand": "understood", "undertake": "undertook undertaken", "upset": "upset", "wake": "woke woken",
    "wear": "wore worn", "win": "won", "withdraw": "withdrew withdrawn", "write": "wrote written",
}  # fmt: skip
_BASE_OF = {form: base for base, forms in _IRREGULAR.items() for form in forms.split()}
# The irregular past forms of full verbs ("came", "took", "found"): a verb, where a question's noun phrase
# ends ("which insurance firm came up with…"). Be, have and do are auxiliaries, read apart.
IRREGULAR_PAST = frozenset(_BASE_OF).difference(*(_IRREGULAR[aux].split() for aux in ("be", "have", "do")))


def verb_lemma(word: str) -> str | None:
    """The base of an irregular form ("fled" -> "flee"), else the word itself ("replaced"): regular forms
    are told apart by their stem, not by their base. None for a non-word."""
    if not word.isalpha():
        return None
    word = word.lower()
    return _BASE_OF.get(word, word)


def irregular_forms(word: str) -> list[str]:
    """The verb's irregular forms with its base ("fall" -> fall, fell, fallen); [word] for a regular one."""
    base = _BASE_OF.get(word, word)
    return [base, *_IRREGULAR.get(base, "").split()]


@lru_cache(maxsize=1024)
def _keys(lemma: str) -> frozenset[str]:
    """What a form of the verb may be: its irregular forms, or a stem of its regular ones ("sued" stems to
    "su", "sue" to "sue")."""
    forms = irregular_forms(lemma)
    base, keys = forms[0], set(forms)
    regular = [base, base + "s", base + "d" if base.endswith("e") else base + "ed", base + "ing"]
    return frozenset(keys | {"~" + s for s in stem(regular)})


def is_form_of(word: str, lemma: str) -> bool:
    """Is the word a form of the verb ("fled" of "flee", "replaced" of "replaced", "marries" of "marry")?"""
    keys = _keys(lemma)
    return word in keys or (word not in _BASE_OF and "~" + stem([word])[0] in keys)
