"""The PostgreSQL TM against a real, throwaway server: the same answers as the SQLite TM on the same units."""

import multiprocessing

import pytest

from bitext.cli.main import main
from bitext.tm.errors import InputError
from bitext.tm.store import SQLiteStore, open_store
from bitext.tm.tmx import iter_tmx

from . import pg
from .conftest import ROOT

TMX = ROOT / "exports" / "coalition.fr-en.tmx"
QUERIES = ["Mais notre travail n’est pas encore terminé.", "Les ministres ont réaffirmé leur engagement envers la Coalition.",
           "Le groupe de travail sur les combattants terroristes étrangers s'est réuni.", "Daech reste une menace."]

pytestmark = pytest.mark.skipif(pg.why_not() is not None, reason=pg.why_not() or "")


@pytest.fixture(scope="module")
def url():
    with pg.server() as u:
        yield u


@pytest.fixture
def fresh(url):
    """The server's URL with the bitext schema emptied first."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS bitext CASCADE")
    return url


@pytest.fixture
def both(fresh, tmp_path):
    lite = SQLiteStore(tmp_path / "tm.sqlite")
    server = open_store(fresh)
    for s in (lite, server):
        s.add(iter_tmx(TMX), "coalition")
    yield lite, server
    lite.close()
    server.close()


def test_import_counts_dedupes_and_agrees_with_sqlite(both):
    lite, server = both
    assert server.stats()["units"] == lite.stats()["units"] == 80
    again = server.add(iter_tmx(TMX), "coalition")
    assert (again.added, again.duplicates, again.skipped) == (0, 81, {"paragraph-level unit": 19})
    lite.add(iter_tmx(TMX), "coalition")
    assert server.stats()["imports_seen"] == lite.stats()["imports_seen"] == 2 * 81  # usage counts, as SQLite keeps them
    assert [(u.source, u.target, u.props.get("x-document")) for u in server.units()] == \
        [(u.source, u.target, u.props.get("x-document")) for u in lite.units()]


def test_search_and_concordance_give_what_sqlite_gives(both):
    lite, server = both
    for q in QUERIES:
        ours = [(m.source, m.target, m.score) for m in server.search(q, min_score=50)]
        assert ours == [(m.source, m.target, m.score) for m in lite.search(q, min_score=50)], q
    assert server.search("Mais notre travail n’est pas terminé.")[0].score == 100
    assert server.search("But our work is not done.", from_lang="en")[0].target == "Mais notre travail n’est pas terminé."
    for phrase in ("etat ISLAMIQUE", "coalition", "groupe de travail"):
        ours = [(h.source, h.spans) for h in server.concordance(phrase)]
        assert ours == [(h.source, h.spans) for h in lite.concordance(phrase)] and ours, phrase


def test_an_interrupted_import_leaves_the_store_as_it_was(both):
    _, server = both

    def broken():
        yield from list(iter_tmx(TMX))[:30]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        server.add(broken(), "half")
    assert server.stats()["units"] == 80 and "half" not in str(server.stats()["by_origin"])


def _import(args):
    url, n, tag, shared = args
    from bitext.tm.store import open_store
    from bitext.tm.units import TranslationUnit

    units = [TranslationUnit(f"Phrase {tag} numéro {i}.", f"Sentence {tag} number {i}.") for i in range(n)]
    units += [TranslationUnit(f"Phrase commune {i}.", f"Shared sentence {i}.") for i in range(shared)]
    with open_store(url) as s:
        r = s.add(units, tag)
    return r.added, r.duplicates


def test_two_concurrent_imports_take_turns(fresh):
    open_store(fresh).close()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        reports = pool.map(_import, [(fresh, 3000, "a", 500), (fresh, 3000, "b", 500)])
    assert sorted(reports) == [(3000, 500), (3500, 0)]  # whichever came second found the shared units stored
    with open_store(fresh) as s:
        assert s.stats()["units"] == 6500 and s.stats()["imports_seen"] == 7000
        assert s.search("Phrase b numéro 2999.")[0].score == 100
        assert s.search("Phrase commune 499.")[0].score == 100


def test_a_foreign_or_newer_schema_is_refused(fresh):
    import psycopg

    with psycopg.connect(fresh, autocommit=True) as c:
        c.execute("CREATE SCHEMA bitext; CREATE TABLE bitext.accounts (id int)")
    with pytest.raises(InputError, match="schema 'bitext' holds other tables"):
        open_store(fresh)
    with psycopg.connect(fresh, autocommit=True) as c:
        c.execute("DROP SCHEMA bitext CASCADE")
    open_store(fresh).close()
    with psycopg.connect(fresh, autocommit=True) as c:
        c.execute("UPDATE bitext.meta SET schema_version = 99")
    with pytest.raises(InputError, match="newer bitext"):
        open_store(fresh)
    with pytest.raises(InputError, match="cannot connect"):
        open_store(fresh.replace("/postgres?", "/no_such_db?"))
    with psycopg.connect(fresh, autocommit=True) as c:
        c.execute("UPDATE bitext.meta SET schema_version = 1")
    store = open_store(fresh.replace("/postgres?", "/postgres?password=hunter2&"))
    store.conn.close()  # the server going away mid-session
    with pytest.raises(InputError, match="PostgreSQL: ") as exc:
        store.search("Daech reste une menace.")
    assert "hunter2" not in str(exc.value)


def test_cli_import_search_export_on_the_server(fresh, runner, tmp_path):
    res = runner.invoke(main, ["tm", "import", str(TMX), "--db", fresh])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["tm", "search", "Mais notre travail n’est pas terminé.", "--db", fresh, "--format", "json"])
    assert res.exit_code == 0 and '"score": 100' in res.output
    assert runner.invoke(main, ["tm", "search", "Rien à voir du tout ici.", "--db", fresh]).exit_code == 1
    out = tmp_path / "back.tmx"
    assert runner.invoke(main, ["tm", "export", "--db", fresh, "-o", str(out)]).exit_code == 0
    assert len(list(iter_tmx(out))) == 80


def test_both_stores_accept_the_same_hostile_units(fresh, tmp_path):
    """A 5 KB token (longer than a GIN entry can hold), a NUL and a lone surrogate: both stores keep the
    first and count the other two as skipped, with the same words."""
    from bitext.tm.units import TranslationUnit

    units = [TranslationUnit("Un " + "x" * 5000 + " mot.", "A " + "x" * 5000 + " word."),
             TranslationUnit("Nul\x00 ici.", "Nul here."), TranslationUnit("Demi \udcff.", "Half.")]
    reports = []
    for store in (SQLiteStore(tmp_path / "tm.sqlite"), open_store(fresh)):
        with store:
            r = store.add(iter(units), "hostile")
            reports.append((r.added, dict(r.skipped)))
    assert reports[0] == reports[1] == (1, {"text no database can store (NUL or lone surrogate)": 2})


def test_an_import_waiting_for_another_ends_after_timeout_with_a_message(fresh, runner):
    import psycopg

    assert runner.invoke(main, ["tm", "import", str(TMX), "--db", fresh]).exit_code == 0
    with psycopg.connect(fresh, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (0x42545854,))
        res = runner.invoke(main, ["tm", "import", str(TMX), "--db", fresh, "--timeout", "0.5"])
        holder.execute("SELECT pg_advisory_unlock(%s)", (0x42545854,))
    assert res.exit_code == 2 and "--timeout" in res.output and "Traceback" not in res.output


def test_edit_and_delete_agree_with_sqlite_and_keep_word_counts_exact(both):
    from bitext.tm.store import UnitFilter

    lite, server = both
    for store in (lite, server):
        ids = [uid for uid, u in store.rows() if u.source.startswith(("Daech", "Mais notre travail"))]
        assert ids
        store.edit(ids[0], target="Daesh/ISIS remains a regional threat, edited.")
        assert store.delete(ids[1:]) == len(ids) - 1
        assert [u.props.get("x-review") for _, u in store.rows(UnitFilter(ids=(ids[0],)))] == ["confirmed"]
    assert [m.target for m in lite.search("Mais notre travail n'est pas encore terminé.", "fr", 50)] == \
        [m.target for m in server.search("Mais notre travail n'est pas encore terminé.", "fr", 50)]
    assert [h.target for h in lite.concordance("regional threat", "en")] == \
        [h.target for h in server.concordance("regional threat", "en")] != []
    drift = server.conn.execute("""
        SELECT count(*) FROM bitext.terms t FULL JOIN (
          SELECT 's' AS side, unnest(source_terms) AS term, 1 AS one FROM bitext.units
          UNION ALL SELECT 't', unnest(target_terms), 1 FROM bitext.units) w USING (side, term)
        GROUP BY side, term, t.df HAVING coalesce(t.df, 0) != coalesce(sum(w.one), 0)""").fetchall()
    assert drift == []
