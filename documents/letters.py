"""The letters (naskah dinas) the Bagian Kerja Sama writes around an agreement."""

from . import clauses
from .clauses import SCALAR

LETTER_SCHEMA = dict(
    clauses.SCHEMA,
    nomor_surat=(SCALAR, "nomor surat"),
    tanggal_surat=(SCALAR, "tanggal surat"),
    nama_pemda=(SCALAR, "nama pemerintah daerah"),
    nama_kepala_daerah=(SCALAR, "nama kepala daerah"),
    mitra_utama=(SCALAR, "nama mitra"),
    acara=(SCALAR, "acara rapat"),
    waktu_rapat=(SCALAR, "waktu rapat"),
    tempat_rapat=(SCALAR, "tempat rapat"),
)


def validate_letter_text(text):
    clauses.validate_text(text, schema=LETTER_SCHEMA)
