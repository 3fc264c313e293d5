"""Decoding and the offset -> (line, column) table that every span goes through."""

from __future__ import annotations

from cmdlib.positions import SourceText, blank_outside, decode


def test_decode_drops_the_bom_and_reads_crlf_as_lf() -> None:
    text, invalid = decode(b"\xef\xbb\xbfa\r\nb\r\n")
    assert (text, invalid) == ("a\nb\n", ())


def test_decode_keeps_a_lone_carriage_return() -> None:
    assert decode(b"a\rb\n") == ("a\rb\n", ())


def test_invalid_sequences_have_raw_offsets_and_text_positions() -> None:
    text, invalid = decode(b"\xef\xbb\xbfok\r\n\xe9t\xc3\xa9\xff\n")
    assert text == "ok\n\ufffdté\ufffd\n"
    assert [(bad.raw_offset, bad.line, bad.column) for bad in invalid] == [(7, 2, 1), (11, 2, 4)]


def test_invalid_sequences_are_capped() -> None:
    _, invalid = decode(b"\xff" * 100)
    assert len(invalid) == 20


def test_a_truncated_multibyte_sequence_at_the_end_is_reported() -> None:
    text, invalid = decode(b"ab\xe2\x82")
    assert text == "ab\ufffd"
    assert [(bad.line, bad.column) for bad in invalid] == [(1, 3)]


def test_byte_columns_become_code_point_columns() -> None:
    source = SourceText("aé😀b\nx")
    # a=1 byte, é=2 bytes, 😀=4 bytes
    assert source.column_of(0, 0) == 1
    assert source.column_of(0, 1) == 2
    assert source.column_of(0, 3) == 3
    assert source.column_of(0, 7) == 4
    assert source.point_of_byte(len("aé😀b\n".encode())) == (2, 1)


def test_points_and_bytes_round_trip_on_non_ascii_lines() -> None:
    source = SourceText('ü = 1\nname = "ß"\n')
    for line_number, line in enumerate(source.lines, start=1):
        for column in range(1, len(line) + 2):
            offset = source.byte_of_point(line_number, column)
            assert source.point_of_byte(offset) == (line_number, column)


def test_char_index_points() -> None:
    source = SourceText("ab\ncd\n")
    assert source.point_of_char(0) == (1, 1)
    assert source.point_of_char(3) == (2, 1)
    assert source.point_of_char(6) == (3, 1)
    assert source.point_of_char(99) == (3, 1)


def test_span_of_points_has_byte_offsets() -> None:
    source = SourceText("é${X}\n")
    span = source.span_of_points((1, 2), (1, 6))
    assert source.data[span.start_byte : span.end_byte] == b"${X}"


def test_blank_outside_keeps_newlines_and_byte_offsets() -> None:
    data = "é\nkeep me\nafter\n".encode()
    start = data.index(b"keep")
    end = data.index(b"after")
    blanked = blank_outside(data, start, end)
    assert len(blanked) == len(data)
    assert blanked == b"  \nkeep me\n     \n"
