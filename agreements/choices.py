"""Lifecycle states and fixed categories of a Kerja Sama Daerah.

Categories the Bagian Kerja Sama extends (document types, attachment types, urusan) are tables in
models.py; what the regulation fixes lives here as TextChoices.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Jenis kerja sama (domain.md §2)."""

    KSDD_WAJIB = "ksdd_wajib", _("KSDD (mandatory)")
    KSDD_SUKARELA = "ksdd_sukarela", _("KSDD (voluntary)")
    KSDPK = "ksdpk", _("KSDPK (third party)")
    KSDPL = "ksdpl", _("KSDPL (foreign regional government)")
    KSDLL = "ksdll", _("KSDLL (foreign institution)")
    SINERGI = "sinergi", _("Sinergi with the Central Government")
    LAINNYA = "lainnya", _("Other (sectoral regime)")

    @classmethod
    def domestic_ksd(cls):
        return [cls.KSDD_WAJIB, cls.KSDD_SUKARELA, cls.KSDPK]

    @classmethod
    def ksdd(cls):
        return [cls.KSDD_WAJIB, cls.KSDD_SUKARELA]

    @classmethod
    def foreign(cls):
        return [cls.KSDPL, cls.KSDLL]


KIND_HELP = {
    Kind.KSDD_WAJIB: _(
        "With an adjacent regional government, for affairs with cross-boundary externalities that are more "
        "efficient when managed together (PP 28/2018 Article 3(2))."
    ),
    Kind.KSDD_SUKARELA: _(
        "With another regional government, adjacent or not, for affairs judged more effective and efficient "
        "when done together (PP 28/2018 Article 3(3))."
    ),
    Kind.KSDPK: _(
        "With a third party: a company, BUMN/BUMD, cooperative, university, organisation or individual; "
        "a feasibility study is mandatory (Law 23/2014 Article 366(3))."
    ),
    Kind.KSDPL: _(
        "With a foreign regional government (sister province/city or a specific scope); always needs DPRD "
        "and Central Government approval (Permendagri 25/2020)."
    ),
    Kind.KSDLL: _(
        "With a foreign institution: continuation of a Central Government cooperation or another form "
        "approved by the Central Government (Permendagri 25/2020)."
    ),
    Kind.SINERGI: _(
        "Programme support with a ministry, agency or vertical office, laid down in a Nota Kesepakatan with "
        "an action plan; no DPRD step (PP 28/2018 Article 46)."
    ),
    Kind.LAINNYA: _(
        "An agreement under its own sectoral regime (asset use, KPBU, procurement), registered here with "
        "its regime reference."
    ),
}


class SubKind(models.TextChoices):
    """Subjenis: the KSDPK type, the KSDPL form or the KSDLL route (domain.md §2, [D] enumeration)."""

    LAYANAN_PUBLIK = "layanan_publik", _("Public service provision")
    PENGELOLAAN_ASET = "pengelolaan_aset", _("Asset management")
    INVESTASI = "investasi", _("Investment")
    INFRASTRUKTUR = "infrastruktur", _("Infrastructure")
    PENGADAAN = "pengadaan", _("Procurement of goods/services")
    KSDPK_LAINNYA = "ksdpk_lainnya", _("Other third-party cooperation")
    PROVINSI_KEMBAR = "provinsi_kembar", _("Sister province")
    KAB_KOTA_KEMBAR = "kabkota_kembar", _("Sister regency/city")
    KSDPL_LAINNYA = "ksdpl_lainnya", _("Other specific scope")
    PENERUSAN = "penerusan", _("Continuation of a Central Government cooperation")
    PERSETUJUAN_PUSAT = "persetujuan_pusat", _("Other form approved by the Central Government")


SUBKINDS_BY_KIND = {
    Kind.KSDPK: [
        SubKind.LAYANAN_PUBLIK,
        SubKind.PENGELOLAAN_ASET,
        SubKind.INVESTASI,
        SubKind.INFRASTRUKTUR,
        SubKind.PENGADAAN,
        SubKind.KSDPK_LAINNYA,
    ],
    Kind.KSDPL: [SubKind.PROVINSI_KEMBAR, SubKind.KAB_KOTA_KEMBAR, SubKind.KSDPL_LAINNYA],
    Kind.KSDLL: [SubKind.PENERUSAN, SubKind.PERSETUJUAN_PUSAT],
}


class Stage(models.TextChoices):
    """Where an agreement stands.  Which of these a given agreement passes through, and in which
    order, is the declarative table in ``agreements/workflow.py``."""

    # The proposal (usulan), prepared by the OPD: stage 1 "persiapan" of PP 28/2018 Pasal 6(1).
    PERSIAPAN = "persiapan", _("Preparation (draft proposal)")
    DIAJUKAN = "diajukan", _("Submitted, awaiting verification")
    DIKEMBALIKAN = "dikembalikan", _("Returned for revision")
    # KSDD / KSDPK (PP 28/2018 Pasal 6(1), 19(1)).
    PENAWARAN = "penawaran", _("Offer")
    PENYUSUNAN_KSB = "penyusunan_ksb", _("Drafting the Kesepakatan Bersama")
    PENANDATANGANAN_KSB = "penandatanganan_ksb", _("Signing the Kesepakatan Bersama")
    PERSETUJUAN_DPRD = "persetujuan_dprd", _("DPRD approval")
    PENYUSUNAN_PKS = "penyusunan_pks", _("Drafting the Perjanjian Kerja Sama")
    PENANDATANGANAN_PKS = "penandatanganan_pks", _("Signing the Perjanjian Kerja Sama")
    # KSDPL / KSDLL (Permendagri 25/2020 Pasal 9).
    PENJAJAKAN = "penjajakan", _("Exploration and study (penjajakan)")
    PERNYATAAN_KEHENDAK = "pernyataan_kehendak", _("Letter of Intent")
    PENYUSUNAN_RENCANA = "penyusunan_rencana", _("Drafting the cooperation plan")
    VERIFIKASI_MENTERI = "verifikasi_menteri", _("Verification by the Minister")
    PENYUSUNAN_NASKAH = "penyusunan_naskah", _("Drafting the agreement text")
    PEMBAHASAN_NASKAH = "pembahasan_naskah", _("Inter-ministerial discussion of the text")
    PERSETUJUAN_MENTERI = "persetujuan_menteri", _("Minister's approval")
    PENANDATANGANAN_NASKAH = "penandatanganan_naskah", _("Signing the agreement text")
    # Sinergi and amendments.
    PENYUSUNAN_NOTA = "penyusunan_nota", _("Drafting the Nota Kesepakatan")
    PENANDATANGANAN_NOTA = "penandatanganan_nota", _("Signing the Nota Kesepakatan")
    PENYUSUNAN_ADENDUM = "penyusunan_adendum", _("Drafting the addendum")
    PENANDATANGANAN_ADENDUM = "penandatanganan_adendum", _("Signing the addendum")
    # Penerusan KSDLL (Permendagri 25/2020 Pasal 29) and the foreign extension (Pasal 33).
    RAPAT_ANTAR_KL = "rapat_antar_kl", _("Inter-ministerial meeting (rapat antar-K/L)")
    PERMOHONAN_PERPANJANGAN = "permohonan_perpanjangan", _("Extension request to the Minister")
    JAWABAN_PERPANJANGAN = "jawaban_perpanjangan", _("The Minister's answer on the extension")
    PENANDATANGANAN_PERPANJANGAN = "penandatanganan_perpanjangan", _("Signing the extension")
    # After signing: pelaksanaan, and the date-driven states.
    DITANDATANGANI = "ditandatangani", _("Signed, not yet in force")
    PELAKSANAAN = "pelaksanaan", _("In force (implementation)")
    AKAN_BERAKHIR = "akan_berakhir", _("Expiring soon")
    BERAKHIR = "berakhir", _("Expired")
    # Cross-cutting outcomes.
    DITOLAK = "ditolak", _("Rejected")
    DITARIK = "ditarik", _("Withdrawn")
    DIAKHIRI = "diakhiri", _("Terminated")

    @classmethod
    def editable_by_opd(cls):
        return [cls.PERSIAPAN, cls.DIKEMBALIKAN]

    @classmethod
    def signed(cls):
        """Stages of an agreement that has been signed (whatever happened next)."""
        return [cls.DITANDATANGANI, cls.PELAKSANAAN, cls.AKAN_BERAKHIR, cls.BERAKHIR, cls.DIAKHIRI]

    @classmethod
    def in_force(cls):
        return [cls.PELAKSANAAN, cls.AKAN_BERAKHIR]

    @classmethod
    def closed(cls):
        return [cls.BERAKHIR, cls.DITOLAK, cls.DITARIK, cls.DIAKHIRI]

    @classmethod
    def in_process(cls):
        done = set(cls.signed()) | set(cls.closed()) | {cls.PERSIAPAN}
        return [s for s in cls if s not in done]


STAGE_BADGE = {
    Stage.PERSIAPAN: "secondary",
    Stage.DIAJUKAN: "primary",
    Stage.DIKEMBALIKAN: "warning",
    Stage.DITANDATANGANI: "info",
    Stage.PELAKSANAAN: "success",
    Stage.AKAN_BERAKHIR: "warning",
    Stage.BERAKHIR: "dark",
    Stage.DITOLAK: "danger",
    Stage.DITARIK: "secondary",
    Stage.DIAKHIRI: "danger",
}


def stage_badge(stage):
    """Bootstrap colour of a stage's badge; stages in process are blue."""
    return STAGE_BADGE.get(stage, "primary")


class DocumentFlow(models.TextChoices):
    """What kind of document a DocumentType is, for the stage engine."""

    KSB = "ksb", _("Kesepakatan Bersama")
    PKS = "pks", _("Perjanjian Kerja Sama")
    NOTA = "nota", _("Nota Kesepakatan")
    NASKAH = "naskah", _("Foreign agreement text (MoU)")
    LOI = "loi", _("Letter of Intent")
    ADENDUM = "adendum", _("Addendum")
    LAINNYA = "lainnya", _("Other")


class ParentRelation(models.TextChoices):
    PELAKSANAAN = "pelaksanaan", _("Implements its parent (PKS of a KSB)")
    ADENDUM = "adendum", _("Amends its parent (addendum)")
    PERPANJANGAN = "perpanjangan", _("Extends its parent")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("Regional budget (APBD)")
    APBN = "apbn", _("State budget (APBN)")
    MITRA = "mitra", _("Partner's funds")
    BERSAMA = "bersama", _("Shared by the parties")
    HIBAH = "hibah", _("Grant")
    TANPA_BIAYA = "tanpa_biaya", _("No cost")


class Initiative(models.TextChoices):
    DAERAH = "daerah", _("The regional government")
    MITRA = "mitra", _("The partner")
    PUSAT = "pusat", _("Via the Ministry of Home Affairs / Foreign Affairs")


class PlanningBasis(models.TextChoices):
    """Whether the object is in the regional plans, or which exception applies (PP 28/2018 Pasal 4(3))."""

    RENCANA = "rencana", _("In the regional development plans (RPJMD/RKPD)")
    DARURAT = "darurat", _("Emergency response")
    PSN = "psn", _("National strategic programme")
    TUGAS_PEMBANTUAN = "tugas_pembantuan", _("Tugas pembantuan assignment")


class SigningCapacity(models.TextChoices):
    KEPALA_DAERAH = "kepala_daerah", _("Head of region")
    KUASA = "kuasa", _("Official under power of attorney (kuasa)")
    PIMPINAN = "pimpinan", _("Head of the partner organisation")
    LAINNYA = "lainnya", _("Other")


class TerminationCause(models.TextChoices):
    """Statutory causes of termination (domain.md §4.4) plus a contract clause."""

    JANGKA_WAKTU_HABIS = "jangka_waktu_habis", _("Term expired")
    TUJUAN_TERCAPAI = "tujuan_tercapai", _("Purpose achieved")
    KESEPAKATAN_PARA_PIHAK = "kesepakatan_para_pihak", _("Agreed by the parties")
    PERUBAHAN_KEBIJAKAN = "perubahan_kebijakan", _("A change of policy makes it impossible")
    OBJEK_HILANG = "objek_hilang", _("The object is lost or destroyed")
    PUTUSAN_PENGADILAN = "putusan_pengadilan", _("Final court judgment")
    PIHAK_KETIGA_PAILIT = "pihak_ketiga_pailit", _("The third party is declared bankrupt")
    DIGANTI_BARU = "diganti_baru", _("Replaced by a new agreement")
    KLAUSUL_KONTRAK = "klausul_kontrak", _("A clause of the agreement (e.g. force majeure, breach)")


_KSDD_CAUSES = [
    TerminationCause.JANGKA_WAKTU_HABIS,
    TerminationCause.TUJUAN_TERCAPAI,
    TerminationCause.KESEPAKATAN_PARA_PIHAK,
    TerminationCause.PERUBAHAN_KEBIJAKAN,
    TerminationCause.OBJEK_HILANG,
]
# PP 28/2018 Pasal 9(1) (KSDD), Pasal 22 (KSDPK); Permendagri 25/2020 Pasal 34 (KSDPL/KSDLL).
TERMINATION_CAUSES_BY_KIND = {
    Kind.KSDD_WAJIB: _KSDD_CAUSES,
    Kind.KSDD_SUKARELA: _KSDD_CAUSES,
    Kind.KSDPK: _KSDD_CAUSES + [TerminationCause.PUTUSAN_PENGADILAN, TerminationCause.PIHAK_KETIGA_PAILIT],
    Kind.KSDPL: [TerminationCause.KESEPAKATAN_PARA_PIHAK, TerminationCause.TUJUAN_TERCAPAI, TerminationCause.DIGANTI_BARU],
    Kind.KSDLL: [TerminationCause.KESEPAKATAN_PARA_PIHAK, TerminationCause.TUJUAN_TERCAPAI, TerminationCause.DIGANTI_BARU],
    Kind.SINERGI: _KSDD_CAUSES,
    Kind.LAINNYA: _KSDD_CAUSES,
}


class HolidayKind(models.TextChoices):
    """A day off that is not a working day for the 45-working-day count (Permendagri 25/2020 Pasal 17)."""

    NASIONAL = "nasional", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")


class UrusanGroup(models.TextChoices):
    WAJIB_DASAR = "wajib_dasar", _("Mandatory, basic services")
    WAJIB_NON_DASAR = "wajib_non_dasar", _("Mandatory, non-basic services")
    PILIHAN = "pilihan", _("Optional")


class MonevRecommendation(models.TextChoices):
    DILANJUTKAN = "dilanjutkan", _("Continue")
    DIPERLUAS = "diperluas", _("Expand")
    DIHENTIKAN = "dihentikan", _("Stop")
