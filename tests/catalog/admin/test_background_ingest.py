"""Background ingest with the real queue of each home and real worker processes.

SQLite (the embedded home) uses Huey's SQLite storage; PostgreSQL (the server
home) uses Redis at 127.0.0.1:6379, db 6.  Workers are ``manage.py run_huey``
subprocesses on the test database, killed with SIGKILL where the test says so.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import time
import zipfile

from django.test import Client

from catalog.models import Document, IngestJob, QuarantinedFile, SourceFile
from tests.conftest import Workers, wait_for

UPLOAD = "/admin/catalog/ingestjob/upload/"


def _article(title: str, paragraphs: int = 3) -> bytes:
    body = "\n\n".join(
        f"Paragraph {i} of {title} compares the harbour ledgers of {1800 + i} line by line.{i}"
        for i in range(1, paragraphs + 1)
    )
    notes = "\n".join(f"{i}. Ledger {i}, folio {i * 3}." for i in range(1, paragraphs + 1))
    return f"{title}\n\nBy Ada Example\n\nMarch 3, 2021\n\n{body}\n\nNotes\n\n{notes}\n".encode()


def _finished() -> bool:
    return not IngestJob.objects.filter(status__in=["queued", "reading"]).exists()


def test_upload_becomes_records_through_the_queue(
    workers: Workers, librarian_client: Client
) -> None:
    """Three files and a zip uploaded in the admin are read by a worker into records."""
    workers.start()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("inner-one.txt", _article("Inner One"))
        bundle.writestr("inner-two.txt", _article("Inner Two"))
    uploads = [
        ("first.txt", _article("First Ledger")),
        ("second.txt", _article("Second Ledger")),
        ("broken.pdf", b"%PDF-1.4 this is not a PDF at all"),
        ("bundle.zip", archive.getvalue()),
    ]
    files = []
    for name, content in uploads:
        handle = io.BytesIO(content)
        handle.name = name
        files.append(handle)
    response = librarian_client.post(UPLOAD, {"files": files})
    assert response.status_code == 302
    batch_page = response["Location"]
    wait_for(_finished, what="the worker to finish the upload")

    jobs = {job.filename: job for job in IngestJob.objects.all()}
    assert {name: jobs[name].status for name in jobs} == {
        "first.txt": "done", "second.txt": "done", "broken.pdf": "refused", "bundle.zip": "done",
    }
    assert Document.objects.filter(title__in=["First Ledger", "Second Ledger", "Inner One",
                                              "Inner Two"]).count() == 4
    assert QuarantinedFile.objects.filter(filename="broken.pdf").exists()
    assert [m["status"] for m in jobs["bundle.zip"].results] == ["done", "done"]
    page = librarian_client.get(batch_page).content.decode()
    assert "Every file of this upload is finished." in page
    first = jobs["first.txt"].document_id
    assert f'href="/admin/catalog/document/{first}/change/"' in page
    assert jobs["broken.pdf"].reason in page and "quarantine</a>" in page
    assert all(job.content is None for job in IngestJob.objects.all())


def test_a_worker_killed_mid_file_leaves_nothing_and_the_file_is_retried(
    workers: Workers, librarian_client: Client
) -> None:
    """SIGKILL while a file is read: no partial record; a new worker reads it again, whole."""
    content = _article("Harbour Ledgers Compared", paragraphs=2000)
    sha256 = hashlib.sha256(content).hexdigest()
    handle = io.BytesIO(content)
    handle.name = "ledgers.txt"
    worker = workers.start()
    assert librarian_client.post(UPLOAD, {"files": [handle]}).status_code == 302
    job = IngestJob.objects.get()
    wait_for(lambda: IngestJob.objects.get(pk=job.pk).status == "reading", what="the claim")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("reading", 1)
    assert not SourceFile.objects.filter(sha256=sha256).exists()
    assert not Document.objects.filter(title="Harbour Ledgers Compared").exists()

    time.sleep(3.5)  # the lease runs out; the next worker queues the file again on start
    workers.start()
    wait_for(lambda: IngestJob.objects.get(pk=job.pk).status not in ("queued", "reading"),
          what="the retry")
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2), job.reason
    document = Document.objects.get(title="Harbour Ledgers Compared")
    assert job.document_id == document.pk and document.source.sha256 == sha256
    assert SourceFile.objects.filter(sha256=sha256).count() == 1
