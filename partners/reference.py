"""Loading the kode wilayah reference data (partners/data/wilayah_provinsi_kabkota.csv)."""

import csv
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "wilayah_provinsi_kabkota.csv"


def read_regions():
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_regions(Region):
    """Insert or update every province and kabupaten/kota; idempotent.  Returns (created, updated)."""
    rows = read_regions()
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    # provinces first, so kabupaten/kota can point at them
    for row in sorted(rows, key=lambda r: (r["tingkat"] != "provinsi", r["kode"])):
        province_id = None if row["tingkat"] == "provinsi" else row["kode_provinsi"]
        region = existing.get(row["kode"])
        if region is None:
            Region.objects.create(code=row["kode"], name=row["nama"], level=row["tingkat"], province_id=province_id)
            created += 1
        elif (region.name, region.level, region.province_id) != (row["nama"], row["tingkat"], province_id):
            region.name, region.level, region.province_id = row["nama"], row["tingkat"], province_id
            region.save()
            updated += 1
    return created, updated
