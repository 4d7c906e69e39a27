"""Render the datenanfragen letter templates (CC0) into labelled .eml sets for the classifier.

Source: the `templates/` folder of the GitHub repository datenanfragen/data, at SOURCE_COMMIT.
Each template is rendered the way the datenanfragen generator renders it (letter-generator's
Template.getText, then stripTags): `[flag>text]` keeps `text` when the flag is on and drops it
when off, `{variable}` is replaced by its value, `<bold>`/`<italic>` tags are stripped. The
free-text placeholders a person fills in by hand (admonitions, complaints) are filled with
realistic text, and `[optional: text]` is kept or dropped. Every flag combination of every
template is rendered, each with a few senders; the letters are split BY TEMPLATE into
data/thirdparty/train/ and data/thirdparty/dev/ (seeded), with labels.jsonl and sources.jsonl.

    python scripts/render_templates.py                          # from data/thirdparty/templates/
    python scripts/render_templates.py --vendor-from GITDIR     # copy templates/ from a clone, then render
    python scripts/render_templates.py --source GITDIR          # render straight from a clone

The templates themselves are not committed (see data/thirdparty/templates/NOTICE): a local copy
is checked against data/thirdparty/templates/MANIFEST before rendering.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import itertools
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render_templates_lang as L

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "thirdparty"
VENDOR = OUT / "templates"
MANIFEST = VENDOR / "MANIFEST"
SOURCE_REPO = "datenanfragen/data"
SOURCE_COMMIT = "0a29c3d6feee53b02e73204a3dbd312eafe56629"
SEED = 20260721
KINDS = ("access", "erasure", "rectification", "objection", "admonition", "complaint")
# Senders per flag combination, letters per template at least, letters at most.
RENDERS_TRAIN, TRAIN_AT_LEAST, TRAIN_CAP = 3, 24, 3000
RENDERS_DEV, DEV_AT_LEAST, DEV_MAX = 1, 12, 400
RUNS = ["Xcure Online", "Xcure Care", "xcure.fi"]
CONTROLLER = ("Xcure Oy", "Mannerheimintie 113", "00280 Helsinki")
KNOWN_FLAGS = {"runs", "has_fields", "data_portability", "erase_all", "erase_some", "include_objection"}
# Article of the earlier request an admonition or complaint refers to, and what that request was.
ARTICLES = {
    "gdpr": {"15": ["access"], "16": ["correction"], "17": ["erasure"], "20": ["portability"]},
    "kdg": {"17": ["access"], "18": ["correction"], "19": ["erasure"]},  # Gesetz über den Kirchlichen Datenschutz
    "ekd": {"19": ["access"], "20": ["correction"], "21": ["erasure"]},  # DSG-EKD
}
FLAG_RE = re.compile(r"\[([A-Za-z_:]+)>")
OPTIONAL_RE = re.compile(r" ?\[(?:optional|opcional|opcionalno|facultatif|valfritt)\s*:\s*([^\]]*)\]")
FREE_RE = re.compile(r"\{([^{}]*)\}")
# Defects in the source at SOURCE_COMMIT, repaired before rendering (applied only where found):
# the include_objection block of the Catholic erasure letter is never closed (the generator would
# print "[include_objection>" and always keep the paragraph), and a Greek complaint placeholder
# opens with "(".
FIXES = [
    ("de/erasure-katholische-kirche", "überwiegen.\n\nIch bin der Meinung", "überwiegen.]\n\nIch bin der Meinung"),
    ("el/complaint", "μαζί μου (περιγραφή του τρόπου", "μαζί μου {περιγραφή του τρόπου"),
]
# Art. 21(2) GDPR / § 23 Abs. 2 KDG: an objection to direct marketing, i.e. an unsubscribe.
MARKETING_OBJECTION_RE = re.compile(
    r"21\s*\(2\)|21,? (?:Abs\.|odst\.|alinéa|lid) 2|21\. stavk\w* 2|§ 23 Abs\. 2")
MARKUP_RE = re.compile(r".{0,30}[{}<>\[\]].{0,30}")
RESTRICTION_RE = re.compile(r"\b18\b|§ 2[02] Abs\.")  # Art. 18(1)(d) GDPR, § 20 KDG, § 22 DSG-EKD


@dataclass
class Template:
    lang: str
    name: str  # file name without .txt, e.g. access-default
    text: str

    @property
    def id(self) -> str:
        return f"{self.lang}/{self.name}"

    @property
    def kind(self) -> str:
        return self.name.split("-")[0]

    @property
    def law(self) -> str:
        if "katholische-kirche" in self.name:
            return "kdg"
        if "evangelische-kirche" in self.name:
            return "ekd"
        return "gdpr"

    @property
    def flags(self) -> set[str]:
        return set(FLAG_RE.findall(self.text))


@dataclass
class Letter:
    template: Template
    combo: dict
    kinds: list[str]
    extra: dict
    body: str = ""
    headers: dict = field(default_factory=dict)


# ---- loading -------------------------------------------------------------------------------------

def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def read_git(git_dir: Path, rev: str) -> tuple[dict[str, bytes], str]:
    commit = _git(git_dir, "rev-parse", f"{rev}^{{commit}}").decode().strip()
    names = _git(git_dir, "ls-tree", "-r", "--name-only", commit, "templates/").decode().split()
    files = {n.removeprefix("templates/"): _git(git_dir, "show", f"{commit}:{n}") for n in names if n.endswith(".txt")}
    return files, commit


def read_vendored() -> tuple[dict[str, bytes], str]:
    if not MANIFEST.exists():
        sys.exit(f"{MANIFEST} is missing")
    lines = MANIFEST.read_text().splitlines()
    commit = next(x.split()[1] for x in lines if x.startswith("commit "))
    want = dict(reversed(x.split("  ", 1)) for x in lines if x and not x.startswith(("#", "commit ")))
    files = {}
    for rel, digest in want.items():
        path = VENDOR / rel
        if not path.exists():
            sys.exit(f"{path} is missing: vendor the templates first with\n"
                     f"  python scripts/render_templates.py --vendor-from GITDIR   "
                     f"(a clone of {SOURCE_REPO} at {commit})")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            sys.exit(f"{path} differs from MANIFEST (sha256): not the templates of {commit}")
        files[rel] = data
    return files, commit


def vendor(files: dict[str, bytes], commit: str) -> None:
    lines = ["# Templates of the GitHub repository datenanfragen/data (CC0 1.0), folder templates/.",
             "# sha256 of each file; the files themselves are not committed (NOTICE).", f"commit {commit}"]
    for rel, data in sorted(files.items()):
        (VENDOR / rel).parent.mkdir(parents=True, exist_ok=True)
        (VENDOR / rel).write_bytes(data)
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {rel}")
    MANIFEST.write_text("\n".join(lines) + "\n")


def parse_templates(files: dict[str, bytes]) -> list[Template]:
    out = []
    for rel, data in sorted(files.items()):
        lang, fname = rel.split("/")
        t = Template(lang, fname.removesuffix(".txt"), data.decode("utf-8").replace("\r\n", "\n"))
        for tid, old, new in FIXES:
            if tid == t.id and t.text.count(old) == 1:
                t.text = t.text.replace(old, new)
        if t.kind not in KINDS:
            sys.exit(f"{rel}: unknown kind of template {t.kind!r}")
        if t.flags - KNOWN_FLAGS:
            sys.exit(f"{rel}: flags this script does not know: {sorted(t.flags - KNOWN_FLAGS)}")
        out.append(t)
    return out


# ---- the split ---------------------------------------------------------------------------------

def split(templates: list[Template], seed: int) -> set[str]:
    """Template ids that go to dev: about a third of each language's templates. A kind a language
    has two or more templates of gives dev round(n/3) (at least one) of them; the rest of the
    language's third comes from its single-template kinds, each time the kind that the languages
    before it have sent to dev least often, so that dev sees every kind and train keeps most; a
    complaint (no request to the recipient) only when the language has nothing else left."""
    rng = random.Random(seed)
    by_lang: dict[str, dict[str, list[Template]]] = defaultdict(lambda: defaultdict(list))
    for t in templates:
        by_lang[t.lang][t.kind].append(t)
    dev: set[str] = set()
    tiebreak = {k: i for i, k in enumerate(rng.sample(KINDS, len(KINDS)))}
    in_dev: Counter = Counter()  # single-template kinds already sent to dev, over languages
    for lang in sorted(by_lang):
        kinds = by_lang[lang]
        target = max(1, round(sum(len(v) for v in kinds.values()) / 3))
        picked = []
        for kind in KINDS:
            ts = sorted(kinds.get(kind, []), key=lambda t: t.name)
            if len(ts) >= 2:
                rng.shuffle(ts)
                picked += ts[: max(1, round(len(ts) / 3))]
        singles = sorted((k for k in KINDS if len(kinds.get(k, [])) == 1), key=lambda k: (k == "complaint", in_dev[k], tiebreak[k]))
        for kind in singles:
            if len(picked) >= target:
                break
            picked.append(kinds[kind][0])
            in_dev[kind] += 1
        dev |= {t.id for t in picked}
    return dev


# ---- combinations and labels -------------------------------------------------------------------

def combos(t: Template) -> list[dict]:
    dims: list[tuple[str, list]] = []
    if "runs" in t.flags:
        dims.append(("runs", [True, False]))
    if "has_fields" in t.flags:
        dims.append(("has_fields", [True, False]))
    if "data_portability" in t.flags:
        dims.append(("data_portability", [False, True]))
    if "erase_all" in t.flags:
        dims.append(("erase", ["all", "some"]))
    if "include_objection" in t.flags:
        dims.append(("objection", ["none", "with_reason", "without_reason"]))
    if "{rectification_data}" in t.text:
        dims.append(("rectify", ["address", "name", "email"]))
    if t.kind in ("admonition", "complaint"):
        dims.append(("article", list(ARTICLES[t.law])))
    if OPTIONAL_RE.search(t.text):
        dims.append(("optional", [True, False]))
    return [dict(zip([d[0] for d in dims], values, strict=True)) for values in itertools.product(*[d[1] for d in dims])]


def objection_paragraph(t: Template) -> str:
    m = re.search(r"\[include_objection>([\s\S]*?)\]", t.text)
    return m.group(1) if m else ""


def label(t: Template, combo: dict) -> tuple[list[str], dict]:
    kinds: set[str] = set()
    extra: dict = {}
    if t.kind == "access":
        kinds = {"access"} | ({"portability"} if combo.get("data_portability") else set())
    elif t.kind == "erasure":
        kinds = {"erasure"}
        if combo.get("objection", "none") != "none":  # Art. 21(1): a general objection, not marketing
            extra["objection"] = True
            if RESTRICTION_RE.search(objection_paragraph(t)):  # "restrict the processing pending ..."
                kinds.add("restriction")
    elif t.kind == "rectification":
        kinds = {"correction"}
    elif t.kind == "objection":
        if MARKETING_OBJECTION_RE.search(t.text):
            kinds = {"unsubscribe"}
        else:
            extra["objection"] = True
    elif t.kind == "admonition":  # a reminder repeating the earlier request is still that request
        kinds = set(ARTICLES[t.law][combo["article"]])
        extra["template_type"] = "admonition"
    elif t.kind == "complaint":  # a complaint to a supervisory authority asks the recipient for nothing
        extra["template_type"] = "complaint"
    return sorted(kinds), extra


# ---- rendering ---------------------------------------------------------------------------------

def apply_template(text: str, flags: dict[str, bool], variables: dict[str, str]) -> str:
    """letter-generator's Template.getText: flags in order, then variables."""
    for name, on in flags.items():
        text = re.sub(r"\[" + re.escape(name) + r">([\s\S]*?)\]", (lambda m: m.group(1)) if on else "", text)
    for name, value in variables.items():
        text = text.replace("{" + name + "}", value)
    return text


def strip_tags(text: str) -> str:
    return re.sub(r"<.+?>", "", text)


def format_fields(items: list[tuple[str, str, str | tuple]]) -> str:
    """RequestLetter.formatData: "<bold>desc:</bold> value\\n"; an address on its own line."""
    out = ""
    for kind, desc, value in items:
        out += f"<bold>{desc}:</bold> "
        out += f"\n{', '.join(value)}\n" if kind == "address" else f"{value}\n"
    return out


class Renderer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = datetime(2026, 3, 2, 8, 0)

    def person(self, lang: str) -> dict:
        r = self.rng
        name, local = r.choice(L.PEOPLE[lang])
        domain = r.choice(L.DOMAINS[lang])
        return {
            "name": name, "email": f"{local}{r.choice(['', '', str(r.randint(1, 99))])}@{domain}",
            "address": r.choice(L.ADDRESSES[lang]),
            "birthdate": date(r.randint(1948, 2004), r.randint(1, 12), r.randint(1, 28)),
            "customer": f"XC-{r.randint(100000, 999999)}",
            "reference": f"{self.clock.year}-" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7)),
        }

    def render(self, t: Template, combo: dict) -> Letter:
        r, lang = self.rng, t.lang
        self.clock += timedelta(minutes=r.randint(7, 400))
        sent = self.clock.replace(tzinfo=timezone(timedelta(hours=L.UTC_OFFSET[lang])))
        p = self.person(lang)
        f_name, f_addr, f_mail, f_birth, f_cust = L.FIELDS[lang]
        layouts = [
            [("address", f_addr, p["address"])],
            [("email", f_mail, p["email"])],
            [("email", f_mail, p["email"]), ("input", f_cust, p["customer"])],
            [("birthdate", f_birth, L.fmt_date(lang, p["birthdate"])), ("address", f_addr, p["address"])],
            [("address", f_addr, p["address"]), ("email", f_mail, p["email"]), ("input", f_cust, p["customer"])],
        ]
        fields = [("name", f_name, p["name"]), *r.choice(layouts)]
        has_fields = combo.get("has_fields", True)
        runs = r.sample(RUNS, r.randint(1, len(RUNS)))
        flags = {"runs": combo.get("runs", False), "has_fields": has_fields}
        variables = {"id_data": format_fields(fields) if has_fields else "",
                     "runs_list": "<italic>" + ", ".join(runs) + "</italic>"}
        if t.kind == "access":
            flags["data_portability"] = combo.get("data_portability", False)
        if t.kind == "erasure":
            flags["erase_all"] = combo.get("erase") == "all"
            flags["erase_some"] = combo.get("erase") == "some"
            flags["include_objection"] = combo.get("objection", "none") != "none"
            variables["erasure_data"] = "<italic>" + r.choice(L.ERASURE_DATA[lang]) + "</italic>"
            variables["objection_reason"] = L.OBJECTION_REASON[lang] if combo.get("objection") == "with_reason" else ""
        if "rectify" in combo:
            new_addr = r.choice([a for a in L.ADDRESSES[lang] if a != p["address"]])
            d_addr, d_name, d_mail = L.RECTIFY[lang]
            local, domain = p["email"].split("@")
            variables["rectification_data"] = format_fields({
                "address": [("address", d_addr, new_addr)],
                "name": [("input", d_name, p["name"])],
                "email": [("email", d_mail, f"{local}.new@{domain}"), ("address", d_addr, new_addr)][: r.randint(1, 2)],
            }[combo["rectify"]])
        request_date = (sent - timedelta(days=r.randint(45, 80))).date()
        reminder_date = request_date + timedelta(days=r.randint(32, 40))
        if t.kind in ("admonition", "complaint"):
            variables["request_date"] = L.fmt_date(lang, request_date)
            variables["request_article"] = variables["Artikel"] = combo["article"]
            variables["request_recipient_address"] = "\n".join([*CONTROLLER, L.FINLAND[lang]])
        text = apply_template(t.text, flags, variables)
        text = OPTIONAL_RE.sub((lambda m: " " + m.group(1)) if combo.get("optional") else "", text)
        text = self.fill_free(t, text, p, reminder_date)
        content = strip_tags(text)
        left = MARKUP_RE.findall(content)
        if left:
            raise ValueError(f"{t.id} {combo}: unrendered markup left: {left}")
        info = r.random() < 0.6  # the generator's "My reference / Date" block, kept or dropped when pasting
        ref_label, date_label = L.INFO_BLOCK[lang]
        body = (f"{ref_label}: {p['reference']}\n{date_label}: {sent.date().isoformat()}\n\n" if info else "")
        body += content + "\n" + p["name"] + "\n"  # Letter.toString: content, newline, signature name
        subject = self.subject(t, lang, L.fmt_date(lang, request_date))
        if info and r.random() < 0.35:
            subject += f" ({ref_label}: {p['reference']})"
        kinds, extra = label(t, combo)
        letter = Letter(t, combo, kinds, extra, body=body)
        letter.headers = {
            "From": f"{p['name']} <{p['email']}>" if r.random() < 0.85 else p["email"],
            "To": r.choice(["info@xcure.fi", "Xcure Oy <info@xcure.fi>"]),
            "Subject": subject,
            "Date": format_datetime(sent),
            "Message-ID": f"<{r.getrandbits(64):016x}.{sent:%Y%m%d%H%M}@{p['email'].split('@')[1]}>",
        }
        return letter

    def subject(self, t: Template, lang: str, request_date: str) -> str:
        cited = [w for w in L.LAW_WORDS if re.search(rf"\b{w}\b", t.text)]
        fits = [s for s in L.SUBJECTS[lang][t.kind]
                if not any(re.search(rf"\b{w}\b", s) for w in L.LAW_WORDS) or any(w in s for w in cited)]
        return self.rng.choice(fits).format(request_date=request_date)

    def fill_free(self, t: Template, text: str, p: dict, reminder_date: date) -> str:
        """The placeholders a person replaces by hand: "{Description of the problem, e.g.: ...}"
        takes its example; a complaint's offences and contact get a sentence and the address."""
        fills: list[str] = []
        if t.kind == "admonition":
            fills = [FREE_RE.search(text).group(1).split(":", 1)[1].strip()]  # type: ignore[union-attr]
        elif t.kind == "complaint":
            fills = [L.COMPLAINT_DESC[t.lang].format(reminder_date=L.fmt_date(t.lang, reminder_date)),
                     L.CONTACT[t.lang].format(email=p["email"])]
        found = FREE_RE.findall(text)
        if len(found) != len(fills):
            raise ValueError(f"{t.id}: {len(found)} free-text placeholders, expected {len(fills)}: {found}")
        for value in fills:
            text = FREE_RE.sub(lambda _m, v=value: v, text, count=1)
        return text


# ---- writing -----------------------------------------------------------------------------------

def letters_for(templates: list[Template], renders: int, at_least: int, cap: int, seed: int) -> list[Letter]:
    """`renders` senders per flag combination (more for a template with few combinations, so that
    each template gives at least `at_least` letters), cut down to `cap` keeping every combination."""
    renderer = Renderer(seed)
    groups = []
    for t in templates:
        cs = combos(t)
        n = max(renders, -(-at_least // len(cs)))
        groups += [[renderer.render(t, c) for _ in range(n)] for c in cs]
    keep = [g[0] for g in groups]
    rest = [x for g in groups for x in g[1:]]
    random.Random(seed).shuffle(rest)
    keep += rest[: max(0, cap - len(keep))]
    order = {id(x): i for i, x in enumerate(x for g in groups for x in g)}
    return sorted(keep, key=lambda x: order[id(x)])


def header(name: str, value: str) -> str:
    """One header field as a mail client writes it: ASCII folded at spaces, anything else as
    RFC 2047 encoded words (a display name before its address)."""
    if name in ("From", "To") and "<" in value and not value.isascii():
        display, addr = value.rsplit(" <", 1)
        return f"{name}: {Header(display, 'utf-8').encode()} <{addr}"
    if not value.isascii():
        return f"{name}: " + Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    line, out = f"{name}:", []
    for word in value.split(" "):
        if len(line) + 1 + len(word) > 78 and line != f"{name}:":
            out.append(line)
            line = ""
        line += " " + word
    return "\r\n".join([*out, line])


def to_eml(letter: Letter) -> bytes:
    head = [header(k, v) for k, v in letter.headers.items()]
    head += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(head) + "\r\n\r\n" + letter.body.replace("\n", "\r\n")).encode("utf-8")


def write_split(name: str, letters: list[Letter]) -> list[dict]:
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    for old in [*d.glob("*.eml"), d / "labels.jsonl", d / "sources.jsonl"]:
        old.unlink(missing_ok=True)
    labels, sources = [], []
    for i, letter in enumerate(letters, 1):
        fname = f"{i:04d}-{letter.template.lang}-{letter.template.kind}.eml"
        (d / fname).write_bytes(to_eml(letter))
        labels.append({"file": fname, "kinds": letter.kinds, "language": letter.template.lang, "automated": False,
                       **letter.extra})
        sources.append({"file": fname, "template": letter.template.id, "combo": letter.combo})
    for fname, rows in (("labels.jsonl", labels), ("sources.jsonl", sources)):
        (d / fname).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8")
    return labels


def check_split(name: str, letters: list[Letter]) -> None:
    d = OUT / name
    labels = [json.loads(x) for x in (d / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(labels) == len(letters) == len(list(d.glob("*.eml"))), name
    for row, letter in zip(labels, letters, strict=True):
        msg = email.message_from_bytes((d / row["file"]).read_bytes(), policy=email.policy.default)
        assert not msg.defects, (row["file"], msg.defects)
        for h in ("From", "To", "Subject", "Date", "Message-ID"):
            assert msg[h], (row["file"], h)
        assert msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8"
        assert msg["Content-Transfer-Encoding"] == "8bit"
        assert msg.get_content().replace("\r\n", "\n") == letter.body, row["file"]
        assert msg["Subject"] == letter.headers["Subject"], row["file"]
        assert row["kinds"] == sorted(row["kinds"])


# ---- README ------------------------------------------------------------------------------------

def counts_table(labels: list[dict]) -> str:
    cols = ["access", "correction", "erasure", "portability", "restriction", "unsubscribe", "objection",
            "admonition", "complaint", "letters"]
    table: dict[str, Counter] = defaultdict(Counter)
    for row in labels:
        c = table[row["language"]]
        c.update(row["kinds"])
        c["objection"] += bool(row.get("objection"))
        if row.get("template_type"):
            c[row["template_type"]] += 1
        c["letters"] += 1
    total = sum(table.values(), Counter())
    lines = ["| language | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for lang in [*sorted(table), "all"]:
        c = total if lang == "all" else table[lang]
        lines.append(f"| {lang} | " + " | ".join(str(c[k]) for k in cols) + " |")
    return "\n".join(lines)


def write_readme(commit: str, templates: list[Template], dev_ids: set[str], labels: dict[str, list[dict]]) -> None:
    by_lang: dict[str, list[Template]] = defaultdict(list)
    for t in templates:
        by_lang[t.lang].append(t)
    split_rows = "\n".join(
        f"| {lang} | {', '.join(t.name for t in ts if t.id not in dev_ids) or '-'} | "
        f"{', '.join(t.name for t in ts if t.id in dev_ids) or '-'} |" for lang, ts in sorted(by_lang.items()))
    text = README.format(repo=SOURCE_REPO, commit=commit, n_templates=len(templates), n_langs=len(by_lang),
                         n_dev=len(dev_ids), seed=SEED, split_rows=split_rows,
                         n_train=len(labels["train"]), n_devl=len(labels["dev"]),
                         train_table=counts_table(labels["train"]), dev_table=counts_table(labels["dev"]))
    (OUT / "README.md").write_text(text, encoding="utf-8")


README = """# Third-party letters: datenanfragen templates

Formal GDPR request letters as the [datenanfragen](https://www.datarequests.org) generator writes them,
rendered into `.eml` files sent to info@xcure.fi, with labels for the classifier.

- **Source**: the `templates/` folder of the GitHub repository `{repo}`, commit `{commit}`
  ({n_templates} templates in {n_langs} languages).
- **Licence**: CC0 1.0 Universal (public-domain dedication), as the repository's `LICENSE` says. The
  rendered letters here are likewise offered under CC0. See `templates/NOTICE`.
- **Rendering**: `scripts/render_templates.py` (stdlib only; per-language fill-ins in
  `scripts/render_templates_lang.py`). Re-render:

      python scripts/render_templates.py --vendor-from /path/to/datenanfragen-data.git   # once: local copy
      python scripts/render_templates.py                                                 # from that copy

  The local copy under `templates/` is checked against `templates/MANIFEST` (sha256 of every file at
  the commit above); the template files themselves are not committed. The output is the same on
  every run (seed {seed}).

## Template syntax handled

As in datenanfragen's letter-generator (`Template.getText`, `stripTags`) and website
(`RequestLetter.fromRequest`):

- `[flag>text]`: `text` kept when the flag is on, dropped when off (non-greedy up to the first `]`).
  Flags: `runs`, `has_fields`, `data_portability`, `erase_all`/`erase_some` (one or the other),
  `include_objection`. Every combination is rendered.
- `{{variable}}`: `id_data` and `rectification_data` as the generator formats fields (`Name: ...`,
  an address on its own line), `runs_list` (Xcure's services), `erasure_data`, `objection_reason`
  (set or empty), `request_date`, `request_article` / `{{Artikel}}` (15, 16, 17, 20; the church
  templates: the KDG / DSG-EKD sections for access, rectification, erasure),
  `request_recipient_address` (Xcure Oy's address).
- `<bold>`, `<italic>`: stripped.
- Free text the user writes in by hand: an admonition's `{{Description of the problem, e.g.: ...}}`
  takes its own example sentence; a complaint's description of the offences gets a sentence
  ("despite my reminder of <date> ... no answer"), its contact placeholder the sender's email
  address.
- `[optional: text]` (`opcional`, `opcionalno`, `facultatif`, `valfritt`): kept and dropped.
- Two source defects are repaired before rendering (`FIXES`): `de/erasure-katholische-kirche.txt`
  never closes its `[include_objection>` block (the generator would print the marker and always
  keep the paragraph; it is closed where the other erasure templates close it), and one
  placeholder in `el/complaint.txt` opens with `(` instead of `{{`.
- Each letter: the generator's information block (`My reference: 2026-XXXXXXX` / `Date:`) in about
  60 % of letters, the rendered text, the sender's name as signature. Subject: what a person types
  (the templates have none), sometimes with the reference as the generator adds it.
  Headers From (a person of that language at an example.* domain), To info@xcure.fi, Subject, Date,
  Message-ID; text/plain, UTF-8, 8bit, CRLF. CRLF line ends in `pt/rectification-default.txt`
  are read as LF; zero-width spaces in the Portuguese templates are kept as they are.

## Labels

`labels.jsonl`, one line per file: `{{"file", "kinds", "language", "automated": false}}`, kinds sorted.
`sources.jsonl` gives each file's template and flag combination.

| template | kinds |
|---|---|
| access-* | `access`; with `data_portability` on also `portability` |
| erasure-* | `erasure`; with `include_objection` on (an Art. 21(1) objection) also `"objection": true`, and `restriction` where that paragraph asks to restrict processing under Art. 18(1)(d) (not in el, fr, pt) |
| rectification-* | `correction` |
| objection-* | all are objections to direct marketing (Art. 21(2) GDPR, § 23(2) KDG) and withdraw marketing consent: `unsubscribe` |
| admonition* | the earlier request's kind (Art. 15 access, 16 correction, 17 erasure, 20 portability), `"template_type": "admonition"` |
| complaint* | `[]`, `"template_type": "complaint"` (a complaint to a supervisory authority, sent here) |

## The split: by template

{n_dev} of {n_templates} templates are in `dev/`, the rest in `train/`; no template is in both.
Per language: a kind with two or more templates gives dev round(n/3) of them (at least one),
chosen with the seed; the rest of the language's third comes from kinds it has one template of,
taken in an order that turns by one kind from language to language, so that dev has every
language and every kind, and train keeps most of each. A language's single-template kind that
went to dev is absent from that language in train (its translations are in train). `ro` has
one template, so it is dev only. The templates are translations of one another, so dev
measures new wording within a language, not wholly unseen content.

| language | train | dev |
|---|---|---|
{split_rows}

Every flag combination of every template is rendered; train: {n_train} letters (3 senders per
combination, sampled down to at most 3000 keeping every combination), dev: {n_devl} letters.

### train

{train_table}

### dev

{dev_table}

`objection` counts `"objection": true`; `admonition`/`complaint` count `template_type`.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, help="a git dir of datenanfragen/data to read templates/ from")
    ap.add_argument("--vendor-from", type=Path, help="copy templates/ from this git dir into data/thirdparty/templates/")
    ap.add_argument("--rev", default=SOURCE_COMMIT, help="commit to read from a git dir (default: the pinned one)")
    args = ap.parse_args()
    if args.vendor_from:
        files, commit = read_git(args.vendor_from, args.rev)
        vendor(files, commit)
    elif args.source:
        files, commit = read_git(args.source, args.rev)
    else:
        files, commit = read_vendored()
    templates = parse_templates(files)
    dev_ids = split(templates, SEED)
    train_t = [t for t in templates if t.id not in dev_ids]
    dev_t = [t for t in templates if t.id in dev_ids]
    sets = {"train": letters_for(train_t, RENDERS_TRAIN, TRAIN_AT_LEAST, TRAIN_CAP, SEED),
            "dev": letters_for(dev_t, RENDERS_DEV, DEV_AT_LEAST, DEV_MAX, SEED + 1)}
    labels = {}
    for name, letters in sets.items():
        labels[name] = write_split(name, letters)
        check_split(name, letters)
        print(f"{name}: {len(letters)} letters from {len({x.template.id for x in letters})} templates")
    write_readme(commit, templates, dev_ids, labels)


if __name__ == "__main__":
    main()
