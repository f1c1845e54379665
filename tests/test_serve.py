"""`tutor serve` at the server's level: aiohttp's test client against the real application, with
real tutor processes behind the websocket (textual-serve's protocol: JSON text frames in, the
terminal's bytes out)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import AsyncIterator, Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientWebSocketResponse, WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer

from tests.conftest import ROOT
from tests.serve_kit import answers, make_class
from tutor.serve import cookies
from tutor.serve.credentials import Credentials
from tutor.serve.roster import RosterError, read_roster
from tutor.serve.server import ClassConfig, ClassServer

Client = TestClient[web.Request, web.Application]
Room = tuple[ClassServer, Client, dict[str, str], str]
"""The server, a client, the students' passwords and the instructor's secret."""


async def serve(tmp_path: Path, **options: Any) -> Room:
    class_dir, roster, issued = make_class(tmp_path)
    config = ClassConfig(class_dir, roster, **options)
    server = ClassServer(config)
    client: Client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    assert issued.instructor is not None
    return server, client, issued.passwords, issued.instructor


@pytest.fixture
async def classroom(tmp_path: Path) -> AsyncIterator[Room]:
    made = await serve(tmp_path)
    yield made
    await made[1].close()


async def sign_in(client: Client, sid: str, password: str) -> int:
    response = await client.post("/signin", data={"id": sid, "password": password}, allow_redirects=False)
    return response.status


async def until(condition: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def keys(ws: ClientWebSocketResponse, text: str) -> None:
    await ws.send_str(json.dumps(["stdin", text]))


# -- the roster and the stored secrets -------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("name,id\nana,Ana\n", "roster.csv:1: the first line must be the header `id,name`"),
    ("id,name\nana,Ana\n../bo,Bo\n", "roster.csv:3: id '../bo' must be 1 to 64 letters, digits, '.', '_' or '-',"
                                     " beginning with a letter or digit"),
    ("id,name\nana,Ana\nAna,Ana Two\n", "roster.csv:3: id 'Ana' is already on line 2"),
    ("id,name\nana\n", "roster.csv:2: expected `id,name`, found one field"),
    ("id,name\n", "roster.csv: the roster names no student"),
])
def test_a_bad_roster_is_refused_at_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_secrets_are_stored_only_as_salted_hashes(tmp_path: Path) -> None:
    class_dir, roster, issued = make_class(tmp_path)
    stored = (class_dir / "credentials.json").read_text(encoding="utf-8")
    secrets = [*issued.passwords.values(), *issued.tokens.values(), issued.instructor or "?"]
    assert len(set(secrets)) == 5 and all(len(s) >= 14 for s in secrets)
    assert not [s for s in secrets if s in stored]
    data = json.loads(stored)
    hashes = [e[k] for e in data["students"].values() for k in ("password", "link")] + [data["instructor"]["secret"]]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert len({h.split("$")[4] for h in hashes}) == 5  # a salt of its own for each
    assert stat.S_IMODE((class_dir / "credentials.json").stat().st_mode) == 0o600
    credentials = Credentials(class_dir)
    assert credentials.check_password("ana", issued.passwords["ana"])
    assert not credentials.check_password("ana", issued.passwords["bo"])
    assert not credentials.check_password("nobody", issued.passwords["bo"])


def test_issue_prints_each_student_once_and_keeps_only_hashes(tmp_path: Path) -> None:
    make_class(tmp_path)
    out = subprocess.run([sys.executable, "-m", "tutor", "serve", "issue", "--roster", str(tmp_path / "roster.csv"),
                          "--class-dir", str(tmp_path / "class"), "--student", "bo"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "id,name,password,link" and len(lines) == 2
    sid, name, password, link = lines[1].split(",")
    assert (sid, name) == ("bo", "Bo Chen") and link.startswith("http://127.0.0.1:8000/link?id=bo&token=")
    credentials = Credentials(tmp_path / "class")
    assert credentials.check_password("bo", password) and credentials.generation("bo") == 2
    assert credentials.generation("ana") == 1  # the others keep theirs
    assert password not in (tmp_path / "class" / "credentials.json").read_text(encoding="utf-8")


# -- signing in ------------------------------------------------------------------------------------


async def test_without_a_sign_in_there_is_only_the_sign_in_page(classroom: Room) -> None:
    server, client, passwords, _ = classroom
    response = await client.get("/", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/signin"
    assert (await client.get("/ws")).status == 403
    assert (await client.get("/instructor", allow_redirects=False)).headers["Location"] == "/instructor/signin"
    assert await sign_in(client, "ana", passwords["bo"]) == 401
    assert await sign_in(client, "ana", "") == 401
    assert await sign_in(client, "nobody", passwords["ana"]) == 401
    page = await (await client.post("/signin", data={"id": "ana", "password": "wrong"})).text()
    assert "That id and password do not match." in page
    assert cookies.COOKIE not in client.session.cookie_jar.filter_cookies(client.make_url("/"))
    assert (await client.get("/ws")).status == 403
    assert not (server.config.class_dir / "students").exists()  # no tutor was started for anyone


async def test_a_right_password_opens_the_tutor_page(classroom: Room) -> None:
    _, client, passwords, _ = classroom
    assert await sign_in(client, "ana", passwords["ana"]) == 303
    response = await client.get("/")
    assert "data-session-websocket-url" in await response.text()
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Referrer-Policy"] == "same-origin"
    # A student is not the instructor.
    assert (await client.get("/instructor", allow_redirects=False)).status == 303


async def test_a_forged_or_expired_cookie_is_refused(classroom: Room) -> None:
    server, client, passwords, _ = classroom
    await sign_in(client, "ana", passwords["ana"])
    real = client.session.cookie_jar.filter_cookies(client.make_url("/"))[cookies.COOKIE].value
    body, mac = real.split(".")
    forged = cookies.sign(b"another key" * 4, cookies.Session("bo", "student", 1, time.time() + 999))
    expired = cookies.sign(server.key, cookies.Session("ana", "student", 1, time.time() - 1))
    for value in (forged, expired, f"{body}.{mac[:-2]}AA", body):
        client.session.cookie_jar.clear()
        client.session.cookie_jar.update_cookies({cookies.COOKIE: value})
        assert (await client.get("/", allow_redirects=False)).status == 303, value
    client.session.cookie_jar.update_cookies({cookies.COOKIE: real})
    assert (await client.get("/", allow_redirects=False)).status == 200


async def test_new_secrets_end_the_old_sessions(classroom: Room) -> None:
    server, client, passwords, _ = classroom
    await sign_in(client, "ana", passwords["ana"])
    Credentials(server.config.class_dir).issue(server.config.roster, only="ana")
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_a_link_signs_in_once(tmp_path: Path) -> None:
    class_dir, roster, issued = make_class(tmp_path)
    client: Client = TestClient(TestServer(await ClassServer(ClassConfig(class_dir, roster))._make_app()))
    await client.start_server()
    try:
        link = {"id": "ana", "token": issued.tokens["ana"]}
        page = await (await client.get("/link", params=link)).text()
        assert 'name="token" value="' + issued.tokens["ana"] in page  # a button: a preview uses nothing up
        assert (await client.post("/link", data={"id": "bo", "token": issued.tokens["ana"]},
                                  allow_redirects=False)).status == 401
        assert (await client.post("/link", data=link, allow_redirects=False)).status == 303
        assert (await client.get("/", allow_redirects=False)).status == 200
        client.session.cookie_jar.clear()
        assert (await client.post("/link", data=link, allow_redirects=False)).status == 401  # used up
        assert (await client.get("/", allow_redirects=False)).status == 303
        assert Credentials(class_dir).check_password("ana", issued.passwords["ana"])  # the password still works
    finally:
        await client.close()


async def test_another_sites_page_cannot_sign_in_or_connect(classroom: Room) -> None:
    _, client, passwords, _ = classroom
    evil = {"Origin": "http://elsewhere.example"}
    response = await client.post("/signin", data={"id": "ana", "password": passwords["ana"]}, headers=evil,
                                 allow_redirects=False)
    assert response.status == 403
    await sign_in(client, "ana", passwords["ana"])
    assert (await client.get("/ws", headers=evil)).status == 403


async def test_wrong_passwords_are_limited_per_id(classroom: Room) -> None:
    _, client, passwords, _ = classroom
    for _ in range(10):
        assert await sign_in(client, "ana", "guess") == 401
    assert await sign_in(client, "ana", passwords["ana"]) == 429
    assert await sign_in(client, "bo", passwords["bo"]) == 303


# -- the tutor behind the websocket ----------------------------------------------------------------


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode("utf-8", "replace").split("\0") if "=" in item)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads a process's environment from /proc")
async def test_the_folder_comes_from_the_roster_id_never_from_the_request(
        classroom: Room) -> None:
    server, client, passwords, _ = classroom
    bo_dir = server.config.class_dir / "students" / "bo"
    await sign_in(client, "ana", passwords["ana"])
    ws = await client.ws_connect("/ws", params={"width": "100", "height": "30", "id": "bo",
                                                "TUTOR_DATA_DIR": str(bo_dir), "folder": "../students/bo"},
                                 headers={"X-Student": "bo", "Cookie2": "bo"})
    try:
        await until(lambda: "ana" in server.online and server.online["ana"].service.pid)
        pid = server.online["ana"].service.pid
        assert pid is not None
        env = environment_of(pid)
        assert env["TUTOR_DATA_DIR"] == str(server.config.class_dir / "students" / "ana")
        assert env["TUTOR_CONFIG_FILE"] == str(server.config.class_dir / "students" / "ana" / "config.json")
        await until(lambda: (server.config.class_dir / "students" / "ana" / "progress.sqlite3").exists())
        assert not bo_dir.exists()
        assert list(server.online) == ["ana"]
    finally:
        await ws.close()
    await until(lambda: not server.online)


async def test_beyond_the_limit_the_class_is_full(tmp_path: Path) -> None:
    server, ana, passwords, _ = await serve(tmp_path, max_students=1)
    bo: Client = TestClient(ana.server)  # type: ignore[assignment]  # aiohttp cannot infer the server's types
    try:
        await sign_in(ana, "ana", passwords["ana"])
        await sign_in(bo, "bo", passwords["bo"])
        ws = await ana.ws_connect("/ws")
        await until(lambda: "ana" in server.online)
        response = await bo.get("/")
        assert response.status == 503 and "The class is full" in await response.text()
        assert "Try again in a minute" in await response.text()
        assert (await ana.get("/")).status == 200  # her reload still gets her place
        late = await bo.ws_connect("/ws")  # a page opened before the class filled up
        assert b"The class is full" in (await late.receive_bytes(timeout=30))
        assert list(server.online) == ["ana"] and not (server.config.class_dir / "students" / "bo").exists()
        await ws.close()
        await until(lambda: not server.online)
        assert (await bo.get("/")).status == 200
    finally:
        await bo.close()
        await ana.close()


async def test_a_second_tab_replaces_the_first_tutor(classroom: Room) -> None:
    server, client, passwords, _ = classroom
    await sign_in(client, "ana", passwords["ana"])
    first = await client.ws_connect("/ws")
    await until(lambda: "ana" in server.online and server.online["ana"].service.pid)
    old = server.online["ana"]
    second = await client.ws_connect("/ws")
    await until(lambda: server.online.get("ana") not in (None, old))
    assert old.ended.is_set() and old.service._process is not None and old.service._process.returncode is not None
    assert len(server.online) == 1
    await first.close()
    await second.close()
    await until(lambda: not server.online)


async def test_a_crashed_tutor_is_restarted_and_keeps_the_answers(tmp_path: Path) -> None:
    server, client, passwords, _ = await serve(tmp_path)
    ana_dir = server.config.class_dir / "students" / "ana"
    try:
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws", params={"width": "100", "height": "30"})
        await until(lambda: (ana_dir / "progress.sqlite3").exists())
        await asyncio.sleep(1.0)
        await keys(ws, "\r")  # the first quiz on the home screen
        await asyncio.sleep(1.5)
        await keys(ws, "10 million\r")
        await until(lambda: len(answers(ana_dir)) == 1)
        pid = server.online["ana"].service.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        await until(lambda: server.online["ana"].service.pid not in (None, pid))
        await asyncio.sleep(2.0)
        await keys(ws, "c")  # continue the unfinished session
        await asyncio.sleep(1.5)
        await keys(ws, "deep vein thrombosis and pulmonary embolism\r")
        await until(lambda: len(answers(ana_dir)) == 2)
        (s1, q1, a1), (s2, q2, a2) = answers(ana_dir)
        assert s1 == s2 and q1 != q2 and (a1, a2) == ("10 million", "deep vein thrombosis and pulmonary embolism")
        assert "ana" in server.online and not ws.closed
        await ws.close()
    finally:
        await client.close()


async def test_an_idle_tutor_is_ended_and_its_progress_exported(tmp_path: Path) -> None:
    server, client, passwords, _ = await serve(tmp_path, idle_minutes=3 / 60)
    try:
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws")
        await until(lambda: "ana" in server.online and server.online["ana"].service.pid)
        process = server.online["ana"].service._process
        await until(lambda: not server.online, timeout=60)
        assert process is not None and process.returncode is not None
        while (await ws.receive(timeout=30)).type not in (WSMsgType.CLOSE, WSMsgType.CLOSED):
            pass  # the tutor's last screens, then the server's close
        export = server.config.class_dir / "exports" / "ana.json"
        await until(export.exists)
        assert json.loads(export.read_text(encoding="utf-8"))["name"] == "Ana Li"
    finally:
        await client.close()


# -- the instructor --------------------------------------------------------------------------------


async def test_the_instructor_sees_who_is_online_and_downloads_the_exports(
        classroom: Room) -> None:
    server, client, passwords, secret = classroom
    teacher: Client = TestClient(client.server)  # type: ignore[assignment]  # as above
    try:
        assert (await teacher.post("/instructor/signin", data={"secret": passwords["ana"]},
                                   allow_redirects=False)).status == 401
        assert (await teacher.post("/instructor/signin", data={"secret": secret},
                                   allow_redirects=False)).status == 303
        assert (await teacher.get("/", allow_redirects=False)).status == 303  # the instructor is not a student
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws")
        await until(lambda: (server.config.class_dir / "students" / "ana" / "progress.sqlite3").exists())
        page = await (await teacher.get("/instructor")).text()
        assert "1 of at most 30 students online." in page
        assert "<td>ana</td><td>Ana Li</td><td>since " in page and "<td>bo</td><td>Bo Chen</td><td></td>" in page
        response = await teacher.get("/instructor/exports.zip")
        assert response.status == 200
        archive = zipfile.ZipFile(BytesIO(await response.read()))
        assert archive.namelist() == ["exports/ana.json"]  # bo has no progress yet
        export = json.loads(archive.read("exports/ana.json"))
        assert export["name"] == "Ana Li" and export["learner"]
        await ws.close()
    finally:
        await teacher.close()


def test_tutor_class_reads_the_served_class(tmp_path: Path) -> None:
    """The exports the server writes are what `tutor class` reads."""
    class_dir, roster, _ = make_class(tmp_path)
    from tests.serve_kit import STUDENTS

    for sid in STUDENTS:
        folder = class_dir / "students" / sid
        folder.mkdir(parents=True)
        env = {**os.environ, "TUTOR_DATA_DIR": str(folder)}
        subprocess.run([sys.executable, "-m", "tutor", "plain", "--quiz", "starter"], input="10 million\n/quit\n",
                       env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)

    async def export_all() -> None:
        from tutor.serve.exports import Exporter

        await Exporter(class_dir, roster).export_all()

    asyncio.run(export_all())
    out = subprocess.run([sys.executable, "-m", "tutor", "class", str(class_dir / "exports"), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert sorted(s["name"] for s in report["students"]) == ["Ana Li", "Bo Chen"]


def test_serving_loads_nothing_at_the_tutors_start_up() -> None:
    code = ("import sys, tutor.cli, tutor.commands.serve\ntutor.cli._parser()\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'textual_serve', 'argon2'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serving_refuses_what_would_not_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    make_class(tmp_path)
    roster = str(tmp_path / "roster.csv")
    assert main(["serve", "--roster", roster, "--class-dir", str(tmp_path / "empty")]) == 2
    assert "no sign-ins yet; run `tutor serve issue`" in capsys.readouterr().err
    assert main(["serve", "--roster", roster, "--class-dir", str(tmp_path / "class"), "--host", "0.0.0.0"]) == 2
    assert "with --host 0.0.0.0, give --public-url" in capsys.readouterr().err
    (tmp_path / "class" / "credentials.json").write_text("{", encoding="utf-8")
    assert main(["serve", "--roster", roster, "--class-dir", str(tmp_path / "class")]) == 1
    assert "credentials.json: not a credentials file" in capsys.readouterr().err


# -- the warm tutor, and tutors that keep crashing ----------------------------------------------


def store_holders(folder: Path) -> list[int]:
    """The processes that have the student's progress store open: their tutor."""
    store = str(folder / "progress.sqlite3")
    found = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == store for fd in fd_dir.iterdir()):
                found.append(int(fd_dir.parent.name))
        except OSError:  # a process that ended, or is not ours
            continue
    return found


def holders_described(folder: Path) -> list[str]:
    """The store's holders with their parent and command line, for a failure to say who they are."""
    described = []
    for pid in store_holders(folder):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            described.append(f"{pid} (parent {parent_of(pid)}, ours {os.getpid()}): {command}")
        except OSError:  # it ended as we looked
            continue
    return described


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="finds a tutor by its open files in /proc")


@needs_proc
async def test_each_students_tutor_is_forked_from_the_warm_one(tmp_path: Path) -> None:
    server, ana, passwords, _ = await serve(tmp_path)
    bo: Client = TestClient(ana.server)  # type: ignore[assignment]
    folders = {sid: server.config.class_dir / "students" / sid for sid in ("ana", "bo")}
    try:
        assert server.warm.ready and server.warm.process is not None
        zygote = server.warm.process.pid
        for client, sid in ((ana, "ana"), (bo, "bo")):
            await sign_in(client, sid, passwords[sid])
        sockets = [await ana.ws_connect("/ws"), await bo.ws_connect("/ws")]
        await until(lambda: all(len(store_holders(f)) == 1 for f in folders.values()))
        tutors = {sid: store_holders(f)[0] for sid, f in folders.items()}
        assert tutors["ana"] != tutors["bo"]
        for sid, pid in tutors.items():
            assert parent_of(pid) == zygote  # forked, not started from nothing
            assert pid != server.online[sid].service.pid  # textual-serve's process is the client
            assert Path(f"/proc/{pid}/cwd").resolve() == Path.cwd().resolve()
        for ws in sockets:
            await ws.close()
        await until(lambda: not server.online and not any(store_holders(f) for f in folders.values()))
    finally:
        await bo.close()
        await ana.close()
    assert server.warm.process.returncode is not None  # the server ended it as it closed
    assert server.warm.socket is not None and not server.warm.socket.exists()


@needs_proc
async def test_without_the_warm_tutor_each_tutor_starts_cold(tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    server, client, passwords, _ = await serve(tmp_path)
    ana_dir = server.config.class_dir / "students" / "ana"
    try:
        assert server.warm.process is not None
        server.warm.process.kill()
        await until(lambda: not server.warm.ready)
        await asyncio.sleep(0.1)
        assert "the warm tutor ended (status -9): each student's tutor starts cold from now on" in caplog.text
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws", params={"width": "100", "height": "30"})
        await until(lambda: len(store_holders(ana_dir)) == 1)
        pid = store_holders(ana_dir)[0]
        assert pid == server.online["ana"].service.pid and parent_of(pid) == os.getpid()
        await asyncio.sleep(1.0)
        await keys(ws, "\r")
        await asyncio.sleep(1.5)
        await keys(ws, "10 million\r")
        await until(lambda: len(answers(ana_dir)) == 1)
        await ws.close()
    finally:
        await client.close()


@needs_proc
async def test_a_tutor_that_keeps_crashing_is_not_started_again(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    server, client, passwords, secret = await serve(tmp_path)
    ana_dir = server.config.class_dir / "students" / "ana"
    try:
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws", params={"width": "100", "height": "30"})
        await until(lambda: len(store_holders(ana_dir)) == 1)
        await asyncio.sleep(1.0)
        await keys(ws, "\r")
        await asyncio.sleep(1.5)
        await keys(ws, "10 million\r")
        await until(lambda: len(answers(ana_dir)) == 1)
        seen = bytearray()
        for crash in range(3):  # the tutor itself dies, as a crash would end it
            pid = store_holders(ana_dir)[0]
            os.kill(pid, signal.SIGKILL)
            if crash < 2:
                def restarted(old: int = pid) -> bool:
                    return store_holders(ana_dir) not in ([], [old])

                await until(restarted)  # started again
        while True:
            message = await ws.receive(timeout=30)
            if message.type != WSMsgType.BINARY:
                break
            seen += message.data
        assert b"Your tutor stopped working three times in a row" in seen
        assert b"Every answer you gave is saved" in seen
        # The client ends as its tutor did, so the server's log says how.
        assert caplog.text.count("the tutor of ana ended with status -9") == 3
        await until(lambda: not server.online)
        await server.exporter.wait()  # the export after a session reads the store too, then ends
        assert not holders_described(ana_dir) and answers(ana_dir)[0][2] == "10 million"
        # A reload is no way round it: a page that says so, and no tutor.
        response = await client.get("/")
        assert response.status == 503 and "Your tutor stopped working" in await response.text()
        again = await client.ws_connect("/ws")
        assert b"stopped working" in await again.receive_bytes(timeout=30)
        await asyncio.sleep(0.5)
        assert not server.online and not store_holders(ana_dir)
        teacher: Client = TestClient(client.server)  # type: ignore[assignment]
        try:
            await teacher.post("/instructor/signin", data={"secret": secret})
            assert "<td>ana</td><td>Ana Li</td><td>tutor stopped working (3 crashes)</td>" in \
                await (await teacher.get("/instructor")).text()
        finally:
            await teacher.close()
        # Nor is restarting the server: the crashes are kept in the class folder.
        assert ClassServer(server.config).stopped_working("ana")
    finally:
        await client.close()


async def test_textual_serves_downloads_are_closed(classroom: Room) -> None:
    server, client, passwords, _ = classroom
    assert (await client.get("/download/anything")).status == 404
    await sign_in(client, "ana", passwords["ana"])
    ws = await client.ws_connect("/ws")
    try:
        await until(lambda: "ana" in server.online)
        service = server.online["ana"].service
        # Were a tutor to offer a file, it is refused...
        await service.on_meta(json.dumps({"type": "deliver_file_start", "key": "k1", "path": "/etc/passwd",
                                          "open_method": "download", "mime_type": "text/plain",
                                          "encoding": "utf-8"}).encode())
        assert "k1" not in server.download_manager._active_downloads
        # ...and a download known to textual-serve is not served, even to the signed-in student.
        await server.download_manager.create_download(app_service=service, delivery_key="k2", file_name="x.txt",
                                                      open_method="download", mime_type="text/plain")
        response = await client.get("/download/k2")
        assert response.status == 404 and await response.text() == "Nothing to download here."
    finally:
        await ws.close()


@needs_proc
async def test_a_student_taken_off_the_roster_is_signed_out_and_their_tutor_ended(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "tutor.serve")
    server, client, passwords, _ = await serve(tmp_path, roster_file=tmp_path / "roster.csv")
    ana_dir = server.config.class_dir / "students" / "ana"
    try:
        await sign_in(client, "ana", passwords["ana"])
        ws = await client.ws_connect("/ws", params={"width": "100", "height": "30"})
        await until(lambda: len(store_holders(ana_dir)) == 1)
        assert "ana" in server.online
        # Taken off while her tutor runs and she types nothing: no request reads the roster.
        (tmp_path / "roster.csv").write_text("id,name\nbo,Bo Chen\n", encoding="utf-8")
        await until(lambda: "ana" not in server.online, timeout=30)
        assert "ana is no longer on the roster: their tutor is ended" in caplog.text
        await server.exporter.wait()
        assert not holders_described(ana_dir)
        assert (await client.get("/", allow_redirects=False)).status == 303
        await ws.close()
    finally:
        await client.close()


async def test_a_student_added_to_the_roster_signs_in_without_a_restart(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "tutor.serve")
    class_dir, roster, issued = make_class(tmp_path)
    roster_file = tmp_path / "roster.csv"
    server = ClassServer(ClassConfig(class_dir, roster, roster_file=roster_file))
    client: Client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        cy = Credentials(class_dir)
        roster_file.write_text(roster_file.read_text(encoding="utf-8") + "cy,Cy Wu\n", encoding="utf-8")
        password = cy.issue(read_roster(roster_file), only="cy").passwords["cy"]
        assert await sign_in(client, "cy", password) == 303
        assert (await client.get("/", allow_redirects=False)).status == 200
        assert "the roster changed: 3 students (1 added, 0 gone)" in caplog.text
        # A roster broken while serving is reported and the one before it kept.
        roster_file.write_text("id,name\n../x,Nobody\n", encoding="utf-8")
        assert (await client.get("/", allow_redirects=False)).status == 200
        assert "roster.csv:2: id '../x' must be" in caplog.text and "the roster as it was" in caplog.text
        # Taken off the roster: signed out.
        roster_file.write_text("id,name\nana,Ana Li\nbo,Bo Chen\n", encoding="utf-8")
        assert (await client.get("/", allow_redirects=False)).status == 303
        assert await sign_in(client, "cy", password) == 401
    finally:
        await client.close()
