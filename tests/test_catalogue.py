"""The one catalogue stays whole: every word the code asks for is in it, in Hindi, with the same
placeholders as its English; nothing in it is left over; every family of coded words (ticket
states, audit checks, months…) covers its codes.

Two scans find what the code asks for, in the modules' syntax trees (f-strings included) and,
with Babel and Jinja, in the templates. Sentences (``hindi``, ``say``, ``pair``, ``slashed``,
``plural``, ``N_``, ``_``, ``ngettext``) must be literals and in the catalogue. Words named by a
code (``both``, ``word``, ``has`` and the reports' and templates' wrappers): a literal code must
be in the catalogue, a code built from a prefix (``f"state:{s}"``) must have a family there, and
the families are checked whole below.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from sushasan import words
from sushasan.words import named, po_path

PACKAGE = Path(words.__file__).resolve().parent

#: Sentence calls: function name → Babel keyword spec (which arguments are the msgid).
SENTENCES = {"_": None, "gettext": None, "N_": None, "hindi": None, "say": None, "pair": None,
             "slashed": None, "ngettext": (1, 2), "plural": (1, 2), "counted": (2, 3)}
#: Calls whose first argument is a code the catalogue names, with the code's prefix (the
#: reports' and templates' wrappers take the review's bare codes).
CODED = {"both": "", "word": "", "has": "", "lab": "", "bi": "", "stacked": "", "_bi": "",
         "label": "", "_head": "digest:", "_header": "column:"}
#: Entries whose Hindi deliberately leaves a value of the English out (a short progress line).
DROPS_VALUES = {"Review {quarter}: indicators, index, Monte Carlo",
                "Sample {quarter}: writing records"}


def _catalog():  # type: ignore[no-untyped-def]
    with po_path("hi").open("rb") as fh:
        return read_po(fh, locale="hi")


def _called(node: ast.AST, names: dict[str, object]) -> str | None:
    """The name of a call to one of ``names``: ``f(…)``, or ``words.f(…)`` (not any object's
    method of that name: SQLAlchemy's ``.label()`` is not ours)."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    f = node.func
    if isinstance(f, ast.Name) and f.id in names:
        return f.id
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
            and f.value.id == "words" and f.attr in names:
        return f.attr
    return None


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8"))


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _marked(tree: ast.Module) -> set[str]:
    """Names a module binds to sentences marked ``N_("…")`` (alone, in a tuple or a dict)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and any(
                _called(n, {"N_": None}) for n in ast.walk(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out


def _root(node: ast.expr) -> str | None:
    """The name a value is read from: ``x``, ``*x``, ``x.get(…)``, ``x[…]``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Starred | ast.Subscript | ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def _lang(node: ast.Call) -> ast.expr | None:
    for k in node.keywords:
        if k.arg == "lang":
            return k.value
    return node.args[3] if len(node.args) > 3 else None


def _python_sentences() -> Iterator[tuple[str, str | tuple[str, str] | None]]:
    """(module, msgid or (singular, plural)); None where the argument is neither a literal nor
    a constant marked ``N_`` (whose sentences the scan reads where they are marked)."""
    for where, tree in _modules():
        marked = _marked(tree)
        for node in ast.walk(tree):
            name = _called(node, SENTENCES)
            if name is None:
                continue
            args = node.args  # type: ignore[attr-defined]
            spec = SENTENCES[name]
            first_args = [args[0].body, args[0].orelse] if isinstance(args[0], ast.IfExp) \
                else [args[0]]
            if all(_root(x) in marked for x in first_args):
                continue  # read where it is marked
            if name == "counted":
                lang = _lang(node)  # type: ignore[arg-type]
                if len(args) < 3 or lang is None or _literal(lang) == "en":
                    continue  # English only: its words are the msgid's own
            if spec:
                first, second = (i - 1 for i in spec)  # type: ignore[union-attr]
                one, many = _literal(args[first]), _literal(args[second])
                yield where, (one, many) if one is not None and many is not None else None
            else:
                yield where, _literal(args[0])


def _extracted() -> set[str | tuple[str, str]]:
    out: set[str | tuple[str, str]] = {m for _, m in _python_sentences() if m is not None}
    found = extract_from_dir(
        str(PACKAGE), [("**/templates/**.html", "jinja2"), ("**/templates/**.j2", "jinja2")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"},
         "**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    )
    for _file, _line, message, _comments, _context in found:
        if isinstance(message, str):
            out.add(message)
        elif isinstance(message, tuple) and all(isinstance(m, str) for m in message):
            out.add((message[0], message[1]))
    return out


def test_a_sentence_is_asked_for_by_its_literal_english() -> None:
    """``hindi(text)`` with a variable cannot be checked: name the sentence where it is kept
    (``N_("…")`` marks a constant) and pass the constant. The few that pass one on are listed."""
    passed_on = {"analytics/top3.py", "review/data.py", "words.py"}
    loose = sorted({where for where, message in _python_sentences()
                    if message is None and where not in passed_on})
    assert not loose, f"sentences asked for with a variable (mark the constant N_): {loose}"


def _plain_ids() -> dict[str, object]:
    """Entries without a code: msgid → entry (a plural entry under both its forms)."""
    out: dict[str, object] = {}
    for m in _catalog():
        if not m.id or m.context:
            continue
        for ident in (m.id if isinstance(m.id, tuple) else (m.id,)):
            out[ident] = m
    return out


def test_every_sentence_the_code_asks_for_is_in_the_catalogue_in_hindi() -> None:
    wanted = _extracted()
    assert len(wanted) > 200  # the scan reached the whole package
    plain = _plain_ids()
    missing = []
    for message in sorted(wanted, key=str):
        ids = message if isinstance(message, tuple) else (message,)
        entry = next((plain[i] for i in ids if i in plain), None)
        strings = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))  # type: ignore[attr-defined]
        if entry is None or not all(strings):
            missing.append(message)
    assert not missing, f"add to {po_path('hi')} (with Hindi): {missing}"


def test_nothing_in_the_catalogue_is_left_over() -> None:
    """A sentence no code asks for any more is dead weight a translator keeps up for nothing."""
    wanted = {i for m in _extracted() for i in (m if isinstance(m, tuple) else (m,))}
    unused = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in _catalog()
                    if m.id and not m.context
                    and not set(m.id if isinstance(m.id, tuple) else (m.id,)) & wanted)
    assert not unused, f"no code asks for these any more; remove them: {unused}"


# -- words named by a code --------------------------------------------------------------------


def _code_of(node: ast.expr) -> tuple[str, bool] | None:
    """(code, whole) of a call's first argument: a literal is whole, an f-string or a
    concatenation gives its literal prefix; anything else is not checked here."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, True
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value), False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _code_of(node.left)
        return (left[0], False) if left else None
    return None


def _python_codes() -> Iterator[tuple[str, str, bool]]:
    for where, tree in _modules():
        for node in ast.walk(tree):
            name = _called(node, CODED)
            if name is not None and (code := _code_of(node.args[0])):  # type: ignore[attr-defined]
                yield where, CODED[name] + code[0], code[1]


def _template_codes() -> Iterator[tuple[str, str, bool]]:
    env = Environment(extensions=["jinja2.ext.i18n"])
    for path in sorted(PACKAGE.glob("*/templates/*")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        where = f"{path.relative_to(PACKAGE)}"
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in ("label", "bi") \
                    and call.args:
                arg = call.args[0]
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    yield where, arg.value, True
                elif isinstance(arg, nodes.Concat) and isinstance(arg.nodes[0], nodes.Const):
                    yield where, str(arg.nodes[0].value), False
        # the HTML report's table of words: L["key"] and L.key
        for item in tree.find_all(nodes.Getitem):
            if isinstance(item.node, nodes.Name) and item.node.name == "L" \
                    and isinstance(item.arg, nodes.Const):
                yield where, str(item.arg.value), True
        for attr in tree.find_all(nodes.Getattr):
            if isinstance(attr.node, nodes.Name) and attr.node.name == "L":
                yield where, attr.attr, True


def test_every_coded_word_the_code_asks_for_is_in_the_catalogue() -> None:
    codes = named()
    asked = [*_python_codes(), *_template_codes()]
    assert len(asked) > 200  # the scans found the reports', the desk's and the pages' words
    missing = sorted({(where, code) for where, code, whole in asked
                      if (code not in codes if whole else not any(c.startswith(code)
                                                                  for c in codes))})
    assert not missing, f"words the code asks for and the catalogue lacks: {missing}"


def test_every_family_of_coded_words_is_whole() -> None:
    from sushasan.actions.accounts import ROLES
    from sushasan.analytics.gaming import FLAG_KINDS
    from sushasan.audit.rules import GIGW_LINKS, SEVERITY
    from sushasan.grievances.classify.evaluate import LANGUAGES
    from sushasan.grievances.tickets.deadlines import DEFAULT_CHAIN
    from sushasan.grievances.tickets.lifecycle import ACTIONS, RESOLUTIONS, STATES
    from sushasan.registry.model import PLATFORMS
    from sushasan.web.routes.tickets import WEB_ACTIONS

    codes = named()

    def family(kind: str) -> list[str]:
        return [c.partition(":")[2] for c in codes if c.startswith(f"{kind}:")]

    assert family("state") == list(STATES)  # in the state machine's order, nothing more
    assert set(family("resolution")) == set(RESOLUTIONS)
    assert set(family("fix")) == set(SEVERITY)  # every audit check has its fix, and no more
    assert set(family("gigw")) == set(GIGW_LINKS)
    assert set(family("flag")) == set(FLAG_KINDS)
    assert set(DEFAULT_CHAIN) <= set(family("level"))
    assert set(WEB_ACTIONS) <= set(family("action"))
    assert {"open", *ACTIONS} <= set(family("event"))  # every event the desk records
    assert {*ROLES, "public"} <= set(family("role"))
    assert family("month") == [str(m) for m in range(1, 13)]
    assert set(PLATFORMS) <= set(family("platform"))
    assert {*LANGUAGES, "overall"} <= set(family("language"))
    for code in ("place_1", "place_2", "place_3", "data_sample", "data_real", "ranked",
                 "insufficient_data", "uttarakhand"):
        assert code in codes, code


# -- the translations themselves --------------------------------------------------------------

_PERCENT = re.compile(r"%\((\w+)\)[sd]")


def _placeholders(text: str) -> set[str]:
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return fields | set(_PERCENT.findall(text))


def test_the_hindi_keeps_every_placeholder_of_the_english() -> None:
    wrong = []
    for m in _catalog():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = _placeholders(ids[-1])
        for hi in strings:
            got = _placeholders(hi)
            if got != want and not (ids[0] in DROPS_VALUES and got < want):
                wrong.append((m.context, ids[0], sorted(want), sorted(got)))
    assert not wrong, wrong


def test_a_missing_word_is_an_error_or_its_code_never_a_blank() -> None:
    assert words.both("rank") == ("Rank", "रैंक")
    assert words.word("state:received", "hi") == "प्राप्त"
    assert words.word("state:archived", "hi") == "archived"  # an unknown code shows as it is
    assert words.word("new_indicator", "en") == "new_indicator"
    assert words.both("new_indicator", ("a", "b")) == ("a", "b")
    try:
        words.both("new_indicator")
    except KeyError:
        pass
    else:  # pragma: no cover - the assertion that fails
        raise AssertionError("an unknown code without a default must not pass silently")
    assert words.hindi("A sentence nobody translated") == "A sentence nobody translated"
    assert words.slashed("Top 3") == "Top 3 / शीर्ष 3"
    assert words.plural("So was {n} other department outside the top 3.",
                        "So were {n} other departments outside the top 3.", 0, "en") \
        .startswith("So were")
