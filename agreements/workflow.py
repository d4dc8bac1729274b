"""The stage engine's table: which stages each kind of document passes through, in order, and
what must hold before it may leave each stage.  Data, not ``if`` chains: read it side by side with
``../shared/domain.md`` §3.6.  ``agreements/services.py`` is the only code that applies it.

Every path starts with the OPD's proposal (PERSIAPAN → DIAJUKAN, verified by the Bagian Kerja
Sama) and ends with signing (→ DITANDATANGANI → PELAKSANAAN, then the date-driven AKAN_BERAKHIR and
BERAKHIR).  A KSB and each PKS under it are separate records, so the ten stages of PP 28/2018
Pasal 6(1) are split between a KSB's path and its PKS's path.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts import roles

from .choices import DocumentFlow, Kind, ParentRelation, Stage, SubKind

# Decisions a stage needs recorded before it may be left (validated by services.DECISIONS).
TKKSD = "tkksd"  # TKKSD recommendation (Permendagri 22/2020 kelembagaan)
DPRD = "dprd"  # DPRD approval, or deemed approval after 45 working days (foreign)
MENTERI_TANGGAPAN = "menteri_tanggapan"  # Minister's reply before the LoI (Permendagri 25/2020 Pasal 14)
PERTIMBANGAN = "pertimbangan"  # Minister's verification result (Pasal 19)
SURAT_KONFIRMASI = "surat_konfirmasi"  # Kemlu's confirmation (Pasal 23)
PERSETUJUAN_MENTERI = "persetujuan_menteri"  # Minister's approval letter (Pasal 24)
RAPAT_ANTAR_KL = "rapat_antar_kl"  # minutes of the inter-ministerial meeting, penerusan KSDLL (Pasal 29)
PERMOHONAN_PERPANJANGAN = "permohonan_perpanjangan"  # extension request to the Minister (Pasal 33)
JAWABAN_PERPANJANGAN = "jawaban_perpanjangan"  # the Minister's answer on the extension (Pasal 33)
SIGNING = "signing"  # date, place, numbers, signed scan, checklist


@dataclass(frozen=True)
class StageSpec:
    stage: str
    # attachment type codes that must be present before the stage can be left
    exit_attachments: tuple = ()
    # decision that must be recorded when leaving (see constants above)
    decision: str | None = None
    # name of an Agreement property; the stage is skipped when it is False
    only_if: str | None = None
    # the stage is the signing of the document
    signing: bool = False


@dataclass(frozen=True)
class Flow:
    key: str
    label: str
    legal_basis: str
    # what the OPD must attach before submitting the proposal
    submit_attachments: tuple
    stages: tuple
    # the home pemda must sign as kepala daerah (no kuasa): KSB, LoI, foreign naskah
    head_must_sign: bool = False
    extra_submit_attachments_by_kind: dict = field(default_factory=dict)


KSDPK_STUDY = {Kind.KSDPK: ("studi_kelayakan",)}

FLOWS = {
    "ksb": Flow(
        key="ksb",
        label=_("Kesepakatan Bersama (KSDD, KSDPK public services)"),
        legal_basis="PP 28/2018 Pasal 6(1) tahap 1–4, Pasal 19(1)",
        submit_attachments=("kak",),
        extra_submit_attachments_by_kind=KSDPK_STUDY,
        head_must_sign=True,
        stages=(
            StageSpec(Stage.PENAWARAN, exit_attachments=("surat_penawaran",)),
            StageSpec(Stage.PENYUSUNAN_KSB, exit_attachments=("draft_naskah",), decision=TKKSD),
            StageSpec(Stage.PENANDATANGANAN_KSB, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "pks": Flow(
        key="pks",
        label=_("Perjanjian Kerja Sama under a signed KSB"),
        legal_basis="PP 28/2018 Pasal 6(1) tahap 5–10, Pasal 6(2), Pasal 19",
        submit_attachments=("kak",),
        extra_submit_attachments_by_kind=KSDPK_STUDY,
        stages=(
            StageSpec(Stage.PERSETUJUAN_DPRD, decision=DPRD, only_if="dprd_required"),
            StageSpec(Stage.PENYUSUNAN_PKS, exit_attachments=("draft_naskah",), decision=TKKSD),
            StageSpec(Stage.PENANDATANGANAN_PKS, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "sektoral": Flow(
        key="sektoral",
        label=_("KSDPK or other agreement under a sectoral regime"),
        legal_basis="PP 28/2018 Pasal 15(2)–(4)",
        submit_attachments=(),
        extra_submit_attachments_by_kind=KSDPK_STUDY,
        stages=(
            StageSpec(Stage.PERSETUJUAN_DPRD, decision=DPRD, only_if="dprd_required"),
            StageSpec(Stage.PENYUSUNAN_PKS, exit_attachments=("draft_naskah",)),
            StageSpec(Stage.PENANDATANGANAN_PKS, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "luar_negeri": Flow(
        key="luar_negeri",
        label=_("KSDPL and KSDLL approved by the Central Government"),
        legal_basis="Permendagri 25/2020 Pasal 9–26; PP 28/2018 Pasal 29–34",
        submit_attachments=("kak",),
        head_must_sign=True,
        stages=(
            StageSpec(Stage.PENJAJAKAN, exit_attachments=("kajian",)),
            StageSpec(Stage.PERNYATAAN_KEHENDAK, exit_attachments=("loi",), decision=MENTERI_TANGGAPAN),
            StageSpec(Stage.PENYUSUNAN_RENCANA, exit_attachments=("rencana_kerja_sama",)),
            StageSpec(Stage.PERSETUJUAN_DPRD, decision=DPRD),
            StageSpec(Stage.VERIFIKASI_MENTERI, decision=PERTIMBANGAN),
            StageSpec(Stage.PENYUSUNAN_NASKAH, exit_attachments=("draft_naskah",)),
            StageSpec(Stage.PEMBAHASAN_NASKAH, exit_attachments=("surat_konfirmasi",), decision=SURAT_KONFIRMASI),
            StageSpec(Stage.PERSETUJUAN_MENTERI, exit_attachments=("persetujuan_menteri",), decision=PERSETUJUAN_MENTERI),
            StageSpec(Stage.PENANDATANGANAN_NASKAH, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "penerusan": Flow(
        key="penerusan",
        label=_("KSDLL continuing a Central Government cooperation"),
        legal_basis="Permendagri 25/2020 Pasal 27–30; PP 28/2018 Pasal 38 (DPRD configurable)",
        # Pasal 29(2): pemetaan potensi dan kebutuhan, KAK, pernyataan kesediaan; the studi kelayakan
        # when commercial or asset-based is asked by services.submission_check.
        submit_attachments=("kak", "pemetaan_potensi", "pernyataan_kesediaan"),
        head_must_sign=True,
        stages=(
            StageSpec(Stage.PENYUSUNAN_RENCANA, exit_attachments=("rencana_kerja_sama",)),
            StageSpec(Stage.PERSETUJUAN_DPRD, decision=DPRD, only_if="dprd_required"),
            StageSpec(Stage.VERIFIKASI_MENTERI, decision=PERTIMBANGAN),
            # Pasal 29(3)–(4): no Surat Konfirmasi; the rapat antar-K/L appoints the technical K/L.
            StageSpec(Stage.RAPAT_ANTAR_KL, exit_attachments=("notulen_antar_kl",), decision=RAPAT_ANTAR_KL),
            StageSpec(Stage.PENANDATANGANAN_NASKAH, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "perpanjangan_ln": Flow(
        key="perpanjangan_ln",
        label=_("Extension of a foreign cooperation"),
        legal_basis="Permendagri 25/2020 Pasal 33",
        submit_attachments=(),
        head_must_sign=True,
        stages=(
            StageSpec(
                Stage.PERMOHONAN_PERPANJANGAN, exit_attachments=("permohonan_perpanjangan",), decision=PERMOHONAN_PERPANJANGAN
            ),
            StageSpec(Stage.JAWABAN_PERPANJANGAN, exit_attachments=("jawaban_perpanjangan",), decision=JAWABAN_PERPANJANGAN),
            StageSpec(
                Stage.PENANDATANGANAN_PERPANJANGAN, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True
            ),
        ),
    ),
    "sinergi": Flow(
        key="sinergi",
        label=_("Sinergi: Nota Kesepakatan with the Central Government"),
        legal_basis="PP 28/2018 Pasal 46 (no DPRD step)",
        submit_attachments=("kak",),
        stages=(
            StageSpec(Stage.PENAWARAN, exit_attachments=("surat_penawaran",)),
            StageSpec(Stage.PENYUSUNAN_NOTA, exit_attachments=("draft_naskah", "rencana_aksi"), decision=TKKSD),
            StageSpec(Stage.PENANDATANGANAN_NOTA, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
    "adendum": Flow(
        key="adendum",
        label=_("Addendum to a signed agreement"),
        legal_basis="Permendagri 25/2020 Pasal 20(5); domestic practice [BK]",
        submit_attachments=(),
        stages=(
            StageSpec(Stage.PENYUSUNAN_ADENDUM, exit_attachments=("draft_naskah",), decision=TKKSD),
            StageSpec(Stage.PERSETUJUAN_DPRD, decision=DPRD, only_if="dprd_required"),
            StageSpec(Stage.PENANDATANGANAN_ADENDUM, exit_attachments=("naskah_ditandatangani",), decision=SIGNING, signing=True),
        ),
    ),
}

SECTORAL_SUBKINDS = {
    SubKind.PENGELOLAAN_ASET,
    SubKind.INVESTASI,
    SubKind.INFRASTRUKTUR,
    SubKind.PENGADAAN,
    SubKind.KSDPK_LAINNYA,
}


def flow_key_for(agreement):
    """Choose the path of an agreement from its kind, sub-kind, document type and parent."""
    flow = agreement.document_type.flow if agreement.document_type_id else DocumentFlow.LAINNYA
    if agreement.parent_relation == ParentRelation.ADENDUM or flow == DocumentFlow.ADENDUM:
        return "adendum"
    if agreement.parent_relation == ParentRelation.PERPANJANGAN and agreement.kind in (Kind.KSDPL, Kind.KSDLL):
        return "perpanjangan_ln"
    if agreement.kind == Kind.KSDPL or (agreement.kind == Kind.KSDLL and agreement.subkind != SubKind.PENERUSAN):
        return "luar_negeri"
    if agreement.kind == Kind.KSDLL:
        return "penerusan"
    if agreement.kind == Kind.SINERGI:
        return "sinergi"
    if agreement.kind == Kind.LAINNYA or (agreement.kind == Kind.KSDPK and agreement.subkind in SECTORAL_SUBKINDS):
        return "sektoral"
    return "pks" if flow == DocumentFlow.PKS else "ksb"


def flow_for(agreement):
    return FLOWS[flow_key_for(agreement)]


def head_must_sign(agreement):
    """Whether the home pemda must sign as kepala daerah (no kuasa): KSB, LoI and foreign naskah
    (PP 28/2018 Pasal 2(2); Permendagri 25/2020 Pasal 25), and an adendum of any of them, which
    inherits its parent's rule."""
    if flow_for(agreement).head_must_sign:
        return True
    parent = agreement.parent if agreement.parent_id else None
    if parent is not None and flow_key_for(agreement) == "adendum":
        return head_must_sign(parent)
    return False


def applicable_stages(agreement):
    """The stage specs this agreement passes through, conditional ones resolved."""
    return [spec for spec in flow_for(agreement).stages if spec.only_if is None or getattr(agreement, spec.only_if)]


def stage_spec(agreement, stage):
    for spec in applicable_stages(agreement):
        if spec.stage == stage:
            return spec
    return None


def next_stage(agreement, stage):
    specs = applicable_stages(agreement)
    for index, spec in enumerate(specs):
        if spec.stage == stage:
            return specs[index + 1].stage if index + 1 < len(specs) else Stage.DITANDATANGANI
    return None


def first_stage(agreement):
    return applicable_stages(agreement)[0].stage


def submit_attachments(agreement):
    flow = flow_for(agreement)
    return tuple(flow.submit_attachments) + tuple(flow.extra_submit_attachments_by_kind.get(agreement.kind, ()))


# --- Who may do what ----------------------------------------------------------------------------

BKS = (roles.KERJASAMA_STAFF, roles.KERJASAMA_HEAD)

ACTIONS = {
    # action: (label, roles allowed; "opd_owner" = staff of the initiating OPD)
    "create": (_("Proposal created"), ("opd_owner",) + BKS),
    "submit": (_("Submitted"), ("opd_owner",) + BKS),
    "withdraw": (_("Withdrawn"), ("opd_owner",) + BKS),
    "verify": (_("Verified"), BKS),
    "return": (_("Returned for revision"), BKS),
    "reject": (_("Rejected"), BKS),
    "advance": (_("Stage completed"), BKS),
    "tkksd": (_("TKKSD recommendation recorded"), BKS + (roles.TKKSD_MEMBER,)),
    "sign": (_("Signing recorded"), BKS),
    "start": (_("Implementation started"), BKS + ("system",)),
    "expiring": (_("Expiring soon"), BKS + ("system",)),
    "expire": (_("Term ended"), BKS + ("system",)),
    # Ending a signed agreement is a final decision: the Kepala Bagian Kerja Sama only.
    "terminate": (_("Terminated"), (roles.KERJASAMA_HEAD,)),
    "import": (_("Imported from a spreadsheet"), BKS + ("opd_owner",)),
    # Foreign follow-ups (Permendagri 25/2020 Pasal 25–26), recorded at the stage the agreement is in.
    "naskah_asli": (_("Original text sent to the Minister"), BKS),
    "salinan_sekjen": (_("Secretary General's copy received"), BKS),
    "rencana_tahunan": (_("Annual activity plan recorded"), BKS),
}
ACTION_LABELS = {key: label for key, (label, _roles) in ACTIONS.items()}

# What a user may do from which stages (outcomes that apply across flows).
PRE_SIGNING_OPEN = set(Stage.in_process()) | {Stage.PERSIAPAN}
