from baochi.lang.abbreviations import abbreviations, expand, expand_query_variants


def test_abbreviations_expand_table() -> None:
    assert "ủy ban nhân dân" in expand("UBND")
    assert "mặt trận tổ quốc" in expand("MTTQ")
    assert expand("TP.") == ("thành phố",)
    assert "thạc sĩ" in expand("ThS.")
    assert expand("XYZW") == ()
    assert len(abbreviations()) > 1000


def test_abbreviations_query_variants_both_ways() -> None:
    assert "UBND tỉnh Bến Tre" in expand_query_variants("ủy ban nhân dân tỉnh Bến Tre")
    assert "UBND" in expand_query_variants("Uỷ ban nhân dân")
    assert "ủy ban nhân dân tỉnh" in expand_query_variants("UBND tỉnh")
    assert expand_query_variants("bánh mì") == ["bánh mì"]
