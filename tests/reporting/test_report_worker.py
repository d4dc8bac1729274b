"""A report file is made by a separate worker process: the web side (one ``manage.py`` process)
only writes the job and its task row; ``manage.py db_worker`` (another process) builds the file
into the storage; the file is the OPD's recap."""

import io
from pathlib import Path

import openpyxl

ASK = """
import datetime
from accounts import roles
from agreements.models import Agreement
from reporting import services
from tests.factories import AgreementFactory, OpdFactory, UserFactory
opd = OpdFactory(code="DLH", name="Dinas Lingkungan Hidup")
other = OpdFactory(code="DINKES", name="Dinas Kesehatan")
staff = UserFactory(username="staf_dlh", role=roles.OPD_STAFF, opd=opd)
for owner, title in ((opd, "Pengelolaan Sampah Regional"), (other, "Air Minum Perdesaan")):
    agreement = AgreementFactory(opd_initiator=owner, title=title)
    Agreement.objects.filter(pk=agreement.pk).update(stage="pelaksanaan", signing_date=datetime.date(2025, 2, 1),
                                                     start_date=datetime.date(2025, 2, 1), end_date=datetime.date(2030, 1, 31))
job, new = services.request_report(staff, "recap", {"year": 2025, "semester": None, "fmt": "xlsx"})
print("job", job.pk, job.status, new)
"""


def test_a_worker_process_makes_the_report_file(site):
    assert "job 1 queued True" in site.shell(ASK)
    assert site.query("SELECT status, file FROM reporting_reportjob") == [("queued", "")]  # nothing built by the web side
    site.worker_batch()
    ((status, name, filename),) = site.query("SELECT status, file, filename FROM reporting_reportjob")
    assert status == "ready" and filename == "rekap-kerja-sama-2025.xlsx"
    book = openpyxl.load_workbook(io.BytesIO((Path(site.media) / name).read_bytes()))
    titles = {row[2] for row in book["Rekap"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert titles == {"Pengelolaan Sampah Regional"}  # the OPD's own agreement only
    site.worker_batch()  # run again: nothing left to do, the same file
    assert site.query("SELECT status, file FROM reporting_reportjob") == [("ready", name)]
