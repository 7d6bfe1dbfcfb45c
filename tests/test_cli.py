"""The command line, in-process: exit codes, messages, files written (or not)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SMALL_MAP
from rdflib import Graph

from graph.cli import main
from graph.formats import load
from graph.store import default_source


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_default_map_and_prints_a_summary(tmp_path: Path) -> None:
    code, out, err = run("build", "-o", str(tmp_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "nato-ukraine.ttl: Why NATO did not intervene in Ukraine war?"
    assert lines[1].startswith("  statements   33 (")
    assert lines[2] == "  inferences   17 (and 1 rephrase)"
    assert lines[3] == "  conflicts    6 (5 rebuttals, 1 undercut)"
    assert lines[4] == "  actors       18"
    assert lines[5] == "  locutions    26 (39 illocutions)"
    assert lines[-2:] == [
        f"wrote {tmp_path / 'nato-ukraine.ttl'}",
        f"wrote {tmp_path / 'nato-ukraine.html'}",
    ]
    graph = Graph().parse(tmp_path / "nato-ukraine.ttl", format="turtle")
    assert len(graph) > 500
    html = (tmp_path / "nato-ukraine.html").read_text()
    assert "NATO will not intervene militarily" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nato-ukraine.html", "nato-ukraine.ttl"]


def test_build_timings_print_every_stage_to_stderr(tmp_path: Path) -> None:
    code, out, err = run("build", "--timings", "--budget", "0", "-o", str(tmp_path))
    assert code == 0, err
    seconds = {}
    for line in err.splitlines():
        if "not computed within 0 s" in line:  # the budget's own message
            continue
        name, value, unit = line.rsplit(maxsplit=2)
        assert unit == "s", line
        seconds[name.strip()] = float(value)
    # Load, the checks and their parts (indented), derivation, shapes, each semantics,
    # strength, structure, recording, the files: the stages of issue 12's build.
    for name in (
        "load", "checks", "integrity", "anchors", "derive", "shapes", "reasoning",
        "argument graph", "grounded statuses", "preferred statuses", "strength",
        "structure", "record", "turtle", "html", "total",
    ):  # fmt: skip
        assert name in seconds, (name, err)
    assert "  integrity" in err and "  grounded statuses" in err
    assert seconds["total"] >= seconds["shapes"] + seconds["html"]
    assert "wrote" in out and "s\n" not in out  # the table goes to stderr only


def test_build_without_timings_prints_no_stages(tmp_path: Path) -> None:
    code, _out, err = run("build", "-o", str(tmp_path))
    assert code == 0 and "shapes" not in err and "total" not in err


def test_build_is_deterministic(tmp_path: Path) -> None:
    run("build", "-o", str(tmp_path / "a"))
    run("build", "-o", str(tmp_path / "b"))
    for name in ("nato-ukraine.ttl", "nato-ukraine.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_build_of_a_user_map(write_map, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_map(name="cars.ttl")
    code, out, err = run("build", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert out.splitlines()[0] == f"{path}: Car ban"
    assert (tmp_path / "out" / "cars.html").exists()


BAD_INPUTS = {
    "malformed turtle": (
        "bad.ttl",
        b"@prefix am: <https://w3id.org/argmap#> .\n<urn:a> am:text 'x\n",
        r"^error: .*bad\.ttl:2:\d+: not valid turtle: ",
    ),
    "unknown type": ("map.xlsx", b"PK\x03\x04", r"^error: .*map\.xlsx: unknown file type '\.xlsx'"),
    "empty file": ("empty.ttl", b"", r"^error: .*empty\.ttl: the file is empty"),
    "binary garbage": (
        "junk.ttl",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
        r"^error: .*junk\.ttl:1:1: not UTF-8 text",
    ),
    "quote not in text": (
        "q.ttl",
        SMALL_MAP.replace("Air pollution harms", "Air pollution hurts").encode(),
        r"q\.ttl:\d+:\d+: ex:pollution: quote not found in source\.txt",
    ),
    "dangling reference": (
        "d.ttl",
        SMALL_MAP.replace("am:target ex:ban", "am:target ex:gone").encode(),
        r"d\.ttl:\d+:\d+: ex:conf-shops: target ex:gone is not defined anywhere",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_cleanly_and_writes_nothing(case: str, write_map, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name, content, pattern = BAD_INPUTS[case]
    path = write_map(content, name=name, mode="wb")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    stem = name.split(".")[0]
    (out_dir / f"{stem}.ttl").write_text("earlier build")
    for command in (
        ["build", str(path), "-o", str(out_dir)],
        ["validate", str(path)],
        ["info", str(path)],
        ["query", "ASK {}", "--source", str(path)],
    ):
        code, out, err = run(*command)
        assert code == 1, (command, out, err)
        assert err.strip(), command
        import re

        assert re.search(pattern, err, re.MULTILINE), (command, err)
        assert "Traceback" not in err
    # nothing was created, nothing the user had was lost
    assert sorted(p.name for p in out_dir.iterdir()) == [f"{stem}.ttl"]
    assert (out_dir / f"{stem}.ttl").read_text() == "earlier build"


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run("info", str(tmp_path / "nope.ttl"))
    assert code == 1
    assert err == f"error: {tmp_path / 'nope.ttl'}: no such file\n"


def test_validate_reports_one_line_per_problem(write_map) -> None:  # type: ignore[no-untyped-def]
    broken = SMALL_MAP.replace("am:target ex:ban", "am:target ex:gone").replace(
        "am:premise ex:pollution", "am:premise ex:polution"
    )
    path = write_map(broken)
    code, _, err = run("validate", str(path))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3
    assert (
        "ex:conf-shops: target ex:gone is not defined anywhere in the map (a typo?)"
        in lines[0] + lines[1]
    )
    assert "ex:inf-health: premise ex:polution" in lines[0] + lines[1]
    assert lines[2] == f"{path}: 2 problems"


def test_validate_accepts_a_good_map(write_map) -> None:  # type: ignore[no-untyped-def]
    path = write_map()
    assert run("validate", str(path)) == (0, f"{path}: valid\n", "")


def test_query_table_is_the_default() -> None:
    code, out, _ = run("query", "SELECT ?s WHERE { ?m am:mainConclusion ?s }")
    assert code == 0
    assert out == "s\n--------------------------\nnu:nato-will-not-intervene\n(1 row)\n"


def test_query_json_csv_tsv_xml() -> None:
    query = "SELECT ?s ?label WHERE { ?m am:mainConclusion ?s . ?s rdfs:label ?label }"
    _, out, _ = run("query", query, "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["s", "label"]
    assert doc["results"]["bindings"][0]["s"] == {
        "type": "uri",
        "value": "https://w3id.org/argmap/map/nato-ukraine#nato-will-not-intervene",
    }
    _, out, _ = run("query", query, "--format", "csv")
    assert out.splitlines()[0] == "s,label"
    _, out, _ = run("query", query, "--format", "tsv")
    assert out.splitlines()[1].startswith("<https://w3id.org/argmap/map/nato-ukraine#nato")
    _, out, _ = run("query", query, "--format", "xml")
    import xml.etree.ElementTree as ET

    root = ET.fromstring(out)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert root.find(f"{ns}results/{ns}result/{ns}binding/{ns}uri") is not None


def test_query_ask_construct_describe() -> None:
    assert run("query", "ASK { ?s a am:Undercut }")[:2] == (0, "true\n")
    code, out, _ = run("query", "CONSTRUCT { ?s am:supports ?o } WHERE { ?s am:supports ?o }")
    assert code == 0
    assert len(Graph().parse(data=out, format="turtle")) >= 20
    code, out, _ = run("query", "DESCRIBE nu:nato-will-not-intervene", "--format", "ntriples")
    assert code == 0 and "NATO will not intervene" in out
    code, _, err = run("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--format", "csv")
    assert code == 1 and "cannot hold triples" in err


def test_query_from_a_file_and_syntax_errors_with_line_and_column(tmp_path: Path) -> None:
    good = tmp_path / "q.rq"
    good.write_text("SELECT (COUNT(*) AS ?n)\nWHERE { ?s a am:Actor }\n")
    assert run("query", "-f", str(good)) == (0, "n\n--\n18\n(1 row)\n", "")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s a am:Actor \n")
    code, _, err = run("query", "-f", str(bad))
    assert code == 1
    assert err.startswith(f"error: {bad}:3:1: SPARQL syntax error: ")


RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "never")) }'
)


def test_query_timeout_stops_a_runaway_query() -> None:
    code, out, err = run("query", RUNAWAY, "--timeout", "1")
    assert (code, out) == (1, "")
    assert err == "error: the query did not finish within 1 s and was stopped\n"
    assert run("query", "ASK { ?s ?p ?o }", "--timeout", "30") == (0, "true\n", "")
    assert run("query", "ASK {}", "--timeout", "0")[0] == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the query runs in a forked child")
def test_an_engine_crash_is_an_error_not_the_end_of_argmap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pyoxigraph can abort its process (a Rust panic on some ORDER BYs); here the
    # engine is made to die the same way, in the child the query runs in.
    import graph.sparql

    def crash(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(graph.sparql, "run_query", crash)
    code, out, err = run("query", "ASK { ?s ?p ?o }")
    assert (code, out) == (1, "")
    assert err.startswith("error: the query engine crashed on the query (SIGKILL); ")


def test_query_is_read_only() -> None:
    code, _, err = run("query", "PREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }")
    assert code == 1
    assert "read-only" in err


@pytest.mark.parametrize(
    "args",
    [
        ["query"],
        ["query", "ASK {}", "-f", "x.rq"],
        ["build", "--nope"],
        ["nope"],
        ["query", "ASK {}", "--format", "yaml"],
        ["validate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _, _ = run(*args)
    assert code == 2


def test_info_lists_main_conclusions_and_actors() -> None:
    code, out, _ = run("info")
    assert code == 0
    assert "main conclusions:\n  nu:nato-will-not-intervene  NATO will not intervene" in out
    assert "Jens Stoltenberg (Secretary General of NATO)" in out
    assert "Joe Biden (President of the United States)" in out


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from graph.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('pyvis', 'pyshacl', 'jinja2', 'IPython') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_formats_lists_the_registry() -> None:
    from graph.formats import all_formats

    code, out, _ = run("formats")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    for fmt in all_formats():
        assert fmt.name in names


def test_convert_writes_the_target_and_nothing_on_failure(tmp_path: Path) -> None:
    from graph.store import default_source

    target = tmp_path / "nato.nt"
    code, out, _ = run("convert", str(default_source()), str(target))
    assert code == 0 and out == f"wrote {target} (ntriples)\n"
    assert len(Graph().parse(target, format="nt")) > 500
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n")
    code, _, err = run("convert", str(bad), str(tmp_path / "never.nt"))
    assert code == 1 and "bad.ttl:1:" in err
    assert not (tmp_path / "never.nt").exists()
    code, _, err = run(
        "convert", str(default_source()), str(tmp_path / "x.graphml"), "--to", "nope"
    )
    assert code == 1 and "unknown format 'nope'" in err


def test_render_writes_an_offline_page(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    code, out, err = run("render", "-o", str(target), "--semantics", "preferred")
    assert code == 0, err
    assert out == f"wrote {target}\n"
    html = target.read_text()
    assert '"defaultSemantics":"preferred"' in html
    assert "https://cdn" not in html


def test_query_over_several_maps_keeps_each_in_its_own_graph(write_map, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    one = write_map(name="one.ttl")
    two = write_map(
        SMALL_MAP.replace("https://example.org/map#", "https://example.org/two#"), name="two.ttl"
    )
    code, out, err = run(
        "query",
        "--source",
        str(one),
        "--source",
        str(two),
        "--format",
        "csv",
        "SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a am:Claim } } GROUP BY ?g ORDER BY ?g",
    )
    assert code == 0, err
    assert out.splitlines()[1:] == [f"{one.resolve().as_uri()},3", f"{two.resolve().as_uri()},3"]
    code, out, _ = run("info", str(tmp_path))
    assert code == 0 and "statements   10 (" in out


def test_lenient_open_reports_broken_elements_instead_of_failing(write_map) -> None:  # type: ignore[no-untyped-def]
    broken = SMALL_MAP.replace("am:target ex:ban .", "am:target ex:gone .")
    path = write_map(broken)
    assert run("info", str(path))[0] == 1
    code, out, err = run("info", str(path), "--lenient")
    assert code == 0
    assert "skipped 1 bad element (--lenient):" in err
    assert "target ex:gone is not defined anywhere" in err
    assert "statements   5 (" in out


def test_a_comment_mentioning_an_update_keyword_does_not_make_a_query_an_update(
    tmp_path: Path,
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "# which claims would we delete or insert?\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a am:Actor }\n"
    )
    assert run("query", "-f", str(query))[:2] == (0, "n\n--\n18\n(1 row)\n")
    update = tmp_path / "u.rq"
    update.write_text("# a comment\nDELETE WHERE { ?s ?p ?o }\n")
    code, _, err = run("query", "-f", str(update))
    assert code == 1 and "read-only" in err


@pytest.mark.parametrize("suffix", [".argdown", ".nt", ".jsonld", ".ttl", ".xml"])
def test_a_converted_map_finds_its_text_from_its_new_place(tmp_path: Path, suffix: str) -> None:
    """The map names its text relative to itself; written into another folder, it
    names the same text from there, and every quote is still checked against it."""
    target = tmp_path / "elsewhere" / f"nato{suffix}"
    code, out, err = run("convert", str(default_source()), str(target))
    assert code == 0, err
    code, out, err = run("validate", str(target))
    assert code == 0, out + err
    assert out.strip().endswith("valid"), out
    store = load(target)
    (name,) = [str(f) for (f,) in store.rows("SELECT ?f WHERE { ?d am:textFile ?f }")]
    assert (target.parent / name).resolve() == default_source().with_name("nato-ukraine.txt")


def test_the_built_turtle_finds_its_text_from_the_output_folder(tmp_path: Path) -> None:
    code, _, err = run("build", "--no-cache", "-o", str(tmp_path / "out"))
    assert code == 0, err
    code, out, err = run("validate", str(tmp_path / "out" / "nato-ukraine.ttl"))
    assert code == 0 and out.strip().endswith("valid"), out + err
    # the source map itself is untouched, and so is the kept store
    source = load(default_source())
    (name,) = [str(f) for (f,) in source.rows("SELECT ?f WHERE { ?d am:textFile ?f }")]
    assert name == "nato-ukraine.txt"


def test_a_problem_in_a_folder_names_the_file_it_is_in(write_map, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a folder of maps, a problem is said at the file (and line) of the map that
    has it, not at the folder's first file."""
    write_map(name="a-first.ttl")
    broken = SMALL_MAP.replace("https://example.org/map#", "https://example.org/two#").replace(
        "am:target ex:ban .", "am:target ex:gone ."
    )
    second = write_map(broken, name="b-second.ttl")
    code, out, err = run("validate", str(tmp_path))
    assert code == 1
    said = [line for line in (out + err).splitlines() if "two#gone" in line]
    assert len(said) == 1, out + err
    assert said[0].startswith(f"{second}: "), said


def test_the_command_exits_with_its_code_and_all_its_output(tmp_path: Path) -> None:
    # The installed command leaves the map it opened to the system at the end
    # (graph.cli.run): its exit code and every byte of its output stay as they were.
    argmap = str(Path(sys.executable).with_name("argmap"))
    env = {**os.environ, "ARGMAP_CACHE": str(tmp_path / "cache")}
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    run = subprocess.run(
        [argmap, "query", query, "--format", "csv"], capture_output=True, env=env, check=False
    )
    assert run.returncode == 0, run.stderr
    expected = CliRunner().invoke(main, ["query", query, "--format", "csv"], env=env)
    assert run.stdout == expected.stdout_bytes and len(run.stdout) > 100_000
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix am: <https://w3id.org/argmap#> .\n<urn:a> a am:Claim ; am:supports .\n")
    failed = subprocess.run([argmap, "info", str(bad)], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "bad.ttl:2:" in failed.stderr
    usage = subprocess.run([argmap, "query", "--nope"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "No such option" in usage.stderr
    listed = subprocess.run([argmap, "--version"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0 and listed.stdout.startswith("argmap")


def test_render_root_writes_the_page_of_what_hangs_below_a_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("render", "--root", "nu:nato-stance")
    target = Path("output") / "nato-ukraine.nato-stance.html"
    assert (code, out) == (0, f"wrote {target}\n"), err
    assert not (Path("output") / "nato-ukraine.html").exists()  # the map's own page is kept
    model = _page_data(target)
    iri = "https://w3id.org/argmap/map/nato-ukraine#nato-stance"
    assert model["root"]["iri"] == iri
    tops = [n["iri"] for n in model["nodes"] if n["type"] == "statement" and n["parent"] is None]
    assert tops == [iri]
    assert run("render", "-o", "whole.html")[0] == 0
    whole = sum(n["type"] == "statement" for n in _page_data(Path("whole.html"))["nodes"])
    assert 1 < sum(n["type"] == "statement" for n in model["nodes"]) < whole
    # the full IRI does the same
    code, out, err = run("render", "--root", iri, "-o", "full.html")
    assert code == 0, err
    assert _page_data(Path("full.html")) == model


def _page_data(page: Path) -> Any:
    found = re.findall(r'id="argmap-data">(.*?)</script>', page.read_text(encoding="utf-8"))
    return json.loads(found[-1])


def test_render_root_refuses_what_is_no_statement(tmp_path: Path) -> None:
    code, _out, err = run("render", "--root", "nu:nowhere", "-o", str(tmp_path / "x.html"))
    assert code == 1 and "'nu:nowhere' is no statement of the map" in err
    assert not (tmp_path / "x.html").exists()
    code, _out, err = run("render", "--root", "nu:nato-stance", "-o", str(tmp_path / "x.png"))
    assert code == 2 and "--root makes a page" in err
