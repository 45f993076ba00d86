"""`newskg serve` against careless or hostile clients, over real loopback sockets.

Queries too deep for the parser, parameters that cannot be IRIs, bytes that are not UTF-8, huge
or slow request heads, other host names, a port in use: each gets its documented answer, and no
server process dies (README, "Limits and guarantees").
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from newskg.publish.build import BuildResult
from newskg.serve.hosts import allowed_hosts, host_name
from tests.serve_fixtures import NEWSKG, free_port, serving, settled

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkg:Statement }"
DEEP = [
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "SELECT * WHERE { " + "MINUS{}" * 20_000 + " }",
]


@pytest.fixture()
def http(endpoint: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=endpoint, timeout=60) as client:
        yield client


def exchange(url: str, data: bytes, *, wait: float = 30) -> bytes:
    """Send raw bytes to the server at ``url``; what it answers until it closes (or ``wait``)."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=wait) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the client finished sending: the answer is still there to read
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


# ------------------------------------------------------------------- row 1: too deep for the parser


def test_deep_queries_are_400_and_the_others_are_unaffected(endpoint: str,
                                                            endpoint_process: int) -> None:
    before = settled(endpoint_process)
    # One client per request: a pool shared by 80 threads can fail on the client side (a socket
    # closed under another thread: EBADF), which says nothing about the server.

    def ask(index: int) -> tuple[str, int, str]:
        with httpx.Client(base_url=endpoint, timeout=120) as client:
            if index % 4 == 0:  # 20 deep queries among 60 ordinary ones, all at once
                query = DEEP[index // 4 % len(DEEP)]
                response = client.post("/sparql", data={"query": query})
                return "deep", response.status_code, response.text
            response = client.get("/sparql", params={"query": f"{COUNT} # {index}"})
            return "ordinary", response.status_code, response.text

    with ThreadPoolExecutor(max_workers=80) as pool:
        answers = list(pool.map(ask, range(80)))
    deep = [(code, text) for kind, code, text in answers if kind == "deep"]
    ordinary = [code for kind, code, _ in answers if kind == "ordinary"]
    assert len(deep) == 20 and all(code == 400 for code, _ in deep), deep
    assert all("SPARQL parser" in text and "stack" in text for _, text in deep)
    assert ordinary == [200] * 60
    assert settled(endpoint_process) == before  # no server process died


def test_the_refusal_says_where_and_names_the_option(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": DEEP[0]})
    assert response.status_code == 400
    assert "more than 200 deep (at line 1, column 223)" in response.text  # 24 + 199
    assert "newskg serve --max-query-depth" in response.text


# ----------------------------------------------------------- row 2: parameters that cannot be IRIs


@pytest.mark.parametrize("value", ["nkg:foo>", "http://a/b>", "<http://a/b>>", "x\x7f{",
                                   "<http://a/b", "http://a/%zz"])
def test_a_parameter_that_cannot_be_an_iri_is_400_naming_it(http: httpx.Client,
                                                             value: str) -> None:
    response = http.get("/named/statements-by-speaker", params={"speaker": value})
    assert response.status_code == 400, response.text
    assert response.text.startswith("speaker: ") and "IRI" in response.text


def test_a_parameter_with_spaces_is_a_name_as_on_the_command_line(http: httpx.Client) -> None:
    """"Nikol Pashinyan" is read as a name, as `newskg query --param` reads it; a name that
    matches nothing is 400 naming the parameter."""
    found = http.get("/named/statements-by-speaker", params={"speaker": "Nikol Pashinyan"},
                     headers={"Accept": "application/sparql-results+json"})
    assert found.status_code == 200 and found.json()["results"]["bindings"], found.text
    response = http.get("/named/statements-by-speaker", params={"speaker": "a b"})
    assert response.status_code == 400, response.text
    assert response.text.startswith("speaker: ") and "matches nothing" in response.text


def test_a_parameter_of_another_class_is_400_naming_its_classes(http: httpx.Client) -> None:
    response = http.get("/named/statements-by-kind", params={"stance": "ilham-aliyev"})
    assert response.status_code == 400, response.text
    assert response.text.startswith("stance: ") and "takes a nkg:Stance" in response.text
    listed = http.get("/queries.json").json()["queries"]
    (kind,) = [q for q in listed if q["name"] == "statements-by-kind"]
    assert [p["shown"] for p in kind["params"]] == ["nkg:Stance", "nkg:Article", "nkg:Actor"]
    assert [p["class"] for p in kind["params"]] == [
        "https://w3id.org/newskg/ontology#" + c for c in ("Stance", "Article", "Actor")]


# ------------------------------------------------------------------ row 14: not UTF-8 in the URL


@pytest.mark.parametrize("target", ["/sparql?query=%FF", "/sparql?query=ASK%7B%7D%C3",
                                    "/sparql?query=ASK%7B%7D&default-graph-uri=%E9",
                                    "/named/statements-by-speaker?speaker=%FF"])
def test_percent_encoded_bytes_that_are_not_utf8_are_400(endpoint: str, target: str) -> None:
    answer = exchange(endpoint, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Connection: close\r\n\r\n".encode())
    assert status(answer) == 400, answer
    assert b"not UTF-8 once percent-decoded" in answer


def test_percent_encoded_utf8_is_read_as_such(http: httpx.Client) -> None:
    response = http.get("/sparql?query=SELECT%20(%22%C3%A9t%C3%A9%22%20AS%20%3Fx)%20%7B%7D")
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "été"


# ------------------------------------------------------------ row 13: huge heads, and huge URLs


@pytest.mark.parametrize("head", [
    b"X-Big: " + b"a" * 100_000 + b"\r\n",
    b"".join(b"X-Field-%d: a\r\n" % n for n in range(3000)),
], ids=["one 100 KB header", "3000 headers"])
def test_a_huge_request_head_is_431(endpoint: str, http: httpx.Client, head: bytes) -> None:
    answer = exchange(endpoint, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + head + b"\r\n")
    assert status(answer) == 431, answer[:200]
    assert b"at most 100 fields of 65536 bytes" in answer
    assert http.get("/health").text.startswith("ok\n")


def test_a_url_over_the_longest_uvicorn_reads_is_414(endpoint: str) -> None:
    """65535 bytes is the longest request target uvicorn's parser reads (a longer one was "400
    Invalid HTTP request received." up to the 2 MiB this bound once was)."""
    for size in (70_000, 3 * 2**20):
        answer = exchange(endpoint, b"GET /sparql?query=" + b"a" * size + b" HTTP/1.1\r\n"
                          b"Host: 127.0.0.1\r\n\r\n")
        assert status(answer) == 414 and b"by POST" in answer
    query = b"ASK{}%20%23" + b"x" * (65_535 - 30)  # a comment: the longest URL still answered
    answer = exchange(endpoint, b"GET /sparql?query=" + query + b" HTTP/1.1\r\nHost: 127.0.0.1"
                      b"\r\nConnection: close\r\n\r\n")
    assert status(answer) == 200, answer[:200]


def test_ordinary_heads_pass(http: httpx.Client) -> None:
    headers = {f"X-Field-{n}": "a" * 500 for n in range(90)}  # 90 fields, 45 KB
    assert http.get("/health", headers=headers).status_code == 200


# ------------------------------------------------------------------------ row 12: slow clients


def test_clients_that_send_slowly_are_cut_off(built: tuple[BuildResult, Path]) -> None:
    with serving(built[1], "--client-timeout", "2", "--processes", "1") as (url, _server):
        address = urlsplit(url)
        slow = [socket.create_connection((address.hostname, address.port)) for _ in range(20)]
        idle = socket.create_connection((address.hostname, address.port))
        for sock in slow:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sock.setblocking(False)
        answers = {sock: b"" for sock in slow}
        open_ = set(slow)
        started = time.monotonic()
        while open_ and time.monotonic() - started < 30:  # a byte each 0.2 s for up to 30 s
            for sock in list(open_):
                try:
                    sock.send(b"a")
                    while chunk := sock.recv(4096):
                        answers[sock] += chunk
                    open_.discard(sock)  # the server closed the connection
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    open_.discard(sock)
            time.sleep(0.2)
        # meanwhile, an ordinary client is answered
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/health").text.startswith("ok\n")
        idle.settimeout(30)
        closed_idle = idle.recv(100)
        for sock in [*slow, idle]:
            sock.close()
    assert not open_, f"{len(open_)} of 20 slow clients still connected after 30 s"
    assert all(status(answer) == 408 for answer in answers.values())
    assert all(b"did not arrive whole within 2 s" in answer for answer in answers.values())
    assert closed_idle == b""  # a connection that sent nothing is closed without an answer


def test_a_body_sent_slowly_is_cut_off_too(built: tuple[BuildResult, Path]) -> None:
    with serving(built[1], "--client-timeout", "2", "--processes", "1") as (url, _server):
        address = urlsplit(url)
        with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                         b"application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK")
            answer = sock.recv(4096)
    assert status(answer) == 408, answer


# ----------------------------------------------------------------- row 15: other host names


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:7878", "127.0.0.1.nip.io",
                                  "192.168.1.10"])
def test_a_loopback_server_answers_only_loopback_names(http: httpx.Client, host: str) -> None:
    response = http.get("/sparql", params={"query": COUNT}, headers={"Host": host})
    assert response.status_code == 421
    assert f"not for {host_name(host)!r}" in response.text and "--allow-host" in response.text
    for page in ("/", "/health", "/named/ceasefire-terms"):
        assert http.get(page, headers={"Host": host}).status_code == 421


def test_an_http_1_1_request_without_a_host_is_400(endpoint: str) -> None:
    answer = exchange(endpoint, b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert status(answer) == 400 and b"must name its host" in answer
    answer = exchange(endpoint, b"GET /health HTTP/1.0\r\n\r\n")  # HTTP/1.0 may leave it out
    assert status(answer) == 200


@pytest.mark.parametrize("host", ["localhost", "localhost:7878", "127.0.0.1", "[::1]:7878",
                                  "LOCALHOST."])
def test_loopback_names_are_answered(http: httpx.Client, host: str) -> None:
    assert http.get("/health", headers={"Host": host}).status_code == 200


def test_allow_host_adds_names(built: tuple[BuildResult, Path]) -> None:
    with serving(built[1], "--allow-host", "kg.example", "--allow-host", "other.example",
                 "--processes", "1") as (url, _server), httpx.Client(base_url=url) as client:
        answers = {host: client.get("/health", headers={"Host": host}).status_code
                   for host in ("kg.example", "other.example:80", "localhost", "attacker.example")}
    assert answers == {"kg.example": 200, "other.example:80": 200, "localhost": 200,
                       "attacker.example": 421}


def test_which_names_a_server_answers_by_its_address() -> None:
    loopback = {"localhost", "127.0.0.1", "[::1]"}
    assert allowed_hosts("127.0.0.1") == loopback == allowed_hosts("::1")
    assert allowed_hosts("localhost", ["KG.example:8080"]) == loopback | {"kg.example"}
    assert allowed_hosts("0.0.0.0") is None  # shared on purpose: any name
    assert allowed_hosts("0.0.0.0", ["kg.example"]) == loopback | {"kg.example"}
    assert allowed_hosts("127.0.0.1", ["*"]) is None


# ------------------------------------------------------------------------ row 20: port in use


def test_a_port_in_use_is_one_line_and_exit_2(built: tuple[BuildResult, Path]) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        ran = subprocess.run([NEWSKG, "serve", "--build-dir", str(built[1]), "--port", str(port)],
                             check=False, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 2
    assert ran.stderr == (f"error: port {port} on 127.0.0.1 is already in use (another newskg "
                          "serve?); stop that server or choose another with --port\n")
