using System.Buffers.Binary;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// Bruker/Siemens DIFFRAC binary .raw, the two versions whose layout could be confirmed against real files
/// (little-endian throughout; offsets in bytes):
/// <list type="bullet">
/// <item><b>RAW1.01</b> (Bruker's "version 3", DIFFRAC plus): a 712-byte file header — u32 file status at 8
/// (1 done, 2 active, 3 aborted, 4 interrupted), u32 range count at 12, sample id at 326 (60 bytes), anode at 608
/// (4 bytes), float64 Kα average / Kα1 / Kα2 / Kβ / I(Kα2)/I(Kα1) at 616 / 624 / 632 / 640 / 648 — then per range a
/// header of u32 length (≥ 260) at +0, u32 step count at +4, float64 start θ at +8 and start 2θ at +16, float64 step
/// at +176, float32 time per step at +192, u32 scan-type code at +196, float64 range wavelength at +240, u32 mask of
/// per-point varying parameters at +248, u32 data-record size at +252, u32 supplementary-header size at +256; the
/// float32 counts follow the header and the supplementary header.</item>
/// <item><b>RAW4.00</b> ("version 4", DIFFRAC.SUITE): a 61-byte header (date at 12, time at 24), then segments of
/// u32 kind and u32 length: kind 10 = a text record (name at +12, 24 bytes; value from +36), kind 30 = the
/// instrument record (float64 Kα average / Kα1 / Kα2 / Kβ / ratio at +72 / +80 / +88 / +96 / +104, anode at +116);
/// kind 0 or 160 starts a range: a 160-byte header with the scan type at +32 (24 bytes), float64 start at +72 and
/// step at +80, u32 step count at +88, float32 time per step at +92, float64 range wavelength at +112, u32 data-record
/// size at +136 (4: float32 counts; 8: float32 counts and a 4-byte flag) and u32 size of the drive records at +140
/// (kind 50: drive name at +12, float64 start at +56), then the data records.</item>
/// </list>
/// Several ranges are several scans (<c>--scan</c>, default 1). The wavelength is taken from the file: a Kα1/Kα2
/// doublet with the file's ratio when Kα2 and the ratio are stored (&gt; 0), else Kα1 alone (or the range's wavelength
/// when no Kα1 is stored). Intensities are counts per step (esd √counts). RAW v1 ("RAW "), v2 ("RAW2"), v3 ranges with
/// per-point varying parameters, other v4 record sizes and non-coupled v4 scans (PSD fixed, rocking curves, ...) are
/// refused with the version or scan type found. Every size read from the file is checked against the bytes left
/// before anything is allocated, and files above <see cref="MaxFileBytes"/> are refused.
/// </summary>
public static class BrukerRawReader
{
    public const long MaxFileBytes = 256L * 1024 * 1024;
    private const int V3FileHeader = 712, V3MinRangeHeader = 260, V4FileHeader = 61, V4RangeHeader = 160;

    /// <summary>True when the first bytes carry a Bruker RAW magic ("RAW " v1, "RAW2" v2, "RAW1.01" v3, "RAW4.00" v4, or another "RAWn.nn").</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'R' && head[1] == 'A' && head[2] == 'W' && (head[3] == ' ' || char.IsAsciiDigit((char)head[3]));

    public static MeasuredPattern Read(string path, int scan = 1)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new NitrolyteFormatException(path, "file not found");
        if (info.Length > MaxFileBytes) throw new NitrolyteFormatException(path, $"{info.Length} bytes: larger than the {MaxFileBytes / (1024 * 1024)} MiB a Bruker RAW file is read up to");
        return Parse(File.ReadAllBytes(path), path, scan);
    }

    private sealed record Range(int Index, double Start, double Step, int Count, long DataOffset, int Stride, double? LambdaA,
        double? SecondsPerStep, string Kind, string? Refusal, List<string> Notes);

    /// <summary>Reads one range (scan, 1-based) of a RAW file held in memory.</summary>
    public static MeasuredPattern Parse(byte[] bytes, string path, int scan = 1)
    {
        if (bytes.Length < 8) throw new NitrolyteFormatException(path, $"{bytes.Length} bytes: too short for a Bruker RAW header");
        if (!HasMagic(bytes)) throw new NitrolyteFormatException(path, $"no Bruker RAW magic (first bytes '{Printable(bytes, 0, 7)}')");
        string magic = Printable(bytes, 0, 7);
        if (magic.StartsWith("RAW1.01", StringComparison.Ordinal)) return V3(bytes, path, scan);
        if (magic.StartsWith("RAW4.00", StringComparison.Ordinal)) return V4(bytes, path, scan);
        string version = bytes[3] == ' ' ? "version 1 ('RAW ')" : bytes[3] == '2' ? "version 2 ('RAW2')" : $"'{magic.TrimEnd()}'";
        throw new NitrolyteFormatException(path, $"Bruker RAW {version} is not read: only RAW1.01 (v3) and RAW4.00 (v4) layouts are confirmed; export the scan as .xy or .brml");
    }

    // ---------------------------------------------------------------- RAW1.01 (v3)

    private static MeasuredPattern V3(byte[] b, string path, int scan)
    {
        if (b.Length < V3FileHeader) throw new NitrolyteFormatException(path, $"RAW1.01: {b.Length} bytes, shorter than the {V3FileHeader}-byte file header");
        uint status = U32(b, 8);
        uint nRanges = U32(b, 12);
        if (nRanges == 0) throw new NitrolyteFormatException(path, "RAW1.01: the file header says 0 ranges");
        if (nRanges > (b.Length - V3FileHeader) / V3MinRangeHeader)
            throw new NitrolyteFormatException(path, $"RAW1.01: {nRanges} ranges in the header cannot fit in {b.Length} bytes (truncated or not a RAW file)");
        var ranges = new List<Range>();
        long o = V3FileHeader;
        for (int r = 0; r < nRanges; r++)
        {
            Need(b, o, V3MinRangeHeader, path, $"range {r + 1} header");
            uint hl = U32(b, o);
            if (hl < V3MinRangeHeader) throw new NitrolyteFormatException(path, $"RAW1.01 range {r + 1} at byte {o}: header length {hl}, expected at least {V3MinRangeHeader}");
            Need(b, o, hl, path, $"range {r + 1} header ({hl} bytes)");
            uint steps = U32(b, o + 4);
            double start2Theta = F64(b, o + 16), step = F64(b, o + 176);
            double tps = F32(b, o + 192);
            uint scanCode = U32(b, o + 196);
            double lambda = F64(b, o + 240);
            uint varying = U32(b, o + 248), rec = U32(b, o + 252), supp = U32(b, o + 256);
            if (rec == 0) rec = 4;
            Need(b, o + hl, supp, path, $"range {r + 1} supplementary header ({supp} bytes)");
            long data = o + hl + supp;
            if (rec > 1024) throw new NitrolyteFormatException(path, $"RAW1.01 range {r + 1}: data-record size {rec} bytes is not plausible");
            Need(b, data, (long)steps * rec, path, $"range {r + 1} data ({steps} steps of {rec} bytes)");
            string? refusal = varying != 0 || rec != 4
                ? $"range {r + 1} stores per-point varying parameters (mask 0x{varying:X}, {rec}-byte records): this layout is not confirmed on a real file, so it is not read"
                : null;
            var notes = new List<string> { $"start θ {F64(b, o + 8):0.#####}°, scan-type code {scanCode} (0 in every file the layout was confirmed on)" };
            if (supp > 0) notes.Add($"{supp}-byte supplementary header skipped");
            ranges.Add(new Range(r + 1, start2Theta, step, (int)steps, data, (int)rec, Lambda(lambda), Positive(tps), "RAW1.01 range", refusal, notes));
            o = data + (long)steps * rec;
        }
        var prov = new List<string> { $"Bruker RAW1.01 (v3), {nRanges} range{(nRanges == 1 ? "" : "s")}" };
        if (o < b.Length) prov.Add($"{b.Length - o} bytes after the last range not read");
        if (status is 2 or 3 or 4) prov.Add($"file status {status} ({(status == 2 ? "active" : status == 3 ? "aborted" : "interrupted")}): the measurement did not finish");
        string? anode = Text(b, 608, 4);
        var wl = Wavelengths(F64(b, 624), F64(b, 632), F64(b, 648), "the file header (bytes 624/632/648)");
        string? sample = Text(b, 326, 60);
        string? date = Text(b, 16, 10), time = Text(b, 26, 10);
        if (date is not null) prov.Add($"measured {date} {time}".TrimEnd());
        return Finish(b, path, scan, ranges, prov, wl, anode, sample);
    }

    // ---------------------------------------------------------------- RAW4.00 (v4)

    private static MeasuredPattern V4(byte[] b, string path, int scan)
    {
        if (b.Length < V4FileHeader + 8) throw new NitrolyteFormatException(path, $"RAW4.00: {b.Length} bytes, too short for the header and a range");
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        double k1 = 0, k2 = 0, ratio = 0; string? anode = null; bool instrument = false;
        long o = V4FileHeader;
        uint kind;
        int segments = 0;
        while (true)
        {
            Need(b, o, 4, path, "segment kind");
            kind = U32(b, o);
            if (kind is 0 or 160) break;
            Need(b, o, 8, path, $"segment (kind {kind}) length");
            uint len = U32(b, o + 4);
            if (len < 8) throw new NitrolyteFormatException(path, $"RAW4.00 segment of kind {kind} at byte {o}: length {len}, expected at least 8");
            Need(b, o, len, path, $"segment of kind {kind} ({len} bytes)");
            if (kind == 10 && len >= 36)
            {
                var name = Text(b, o + 12, 24);
                if (name is not null) text[name] = Encoding.UTF8.GetString(b, (int)(o + 36), (int)(len - 36)).Trim('\0', '\n', '\r', ' ');
            }
            else if (kind == 30 && len >= 120)
            {
                instrument = true;
                k1 = F64(b, o + 80); k2 = F64(b, o + 88); ratio = F64(b, o + 104);
                anode = Text(b, o + 116, 4);
            }
            o += len;
            if (++segments > 100_000) throw new NitrolyteFormatException(path, "RAW4.00: more than 100000 header segments");
        }
        var ranges = new List<Range>();
        var prov = new List<string>();
        while (true)
        {
            int r = ranges.Count + 1;
            Need(b, o, V4RangeHeader, path, $"range {r} header");
            string scanType = Text(b, o + 32, 24) ?? "";
            double start = F64(b, o + 72), step = F64(b, o + 80);
            uint steps = U32(b, o + 88);
            double tps = F32(b, o + 92), lambda = F64(b, o + 112);
            uint rec = U32(b, o + 136), extra = U32(b, o + 140);
            Need(b, o + V4RangeHeader, extra, path, $"range {r} drive records ({extra} bytes)");
            var notes = new List<string> { $"scan type '{scanType}'" };
            double? drive2Theta = null;
            long p = o + V4RangeHeader, end = p + extra;
            while (p + 8 <= end)
            {
                uint sk = U32(b, p), sl = U32(b, p + 4);
                if (sl < 8 || p + sl > end) throw new NitrolyteFormatException(path, $"RAW4.00 range {r}: drive record of kind {sk} at byte {p} has length {sl}, outside the range header");
                if (sk == 50 && sl >= 64)
                {
                    var drive = Text(b, p + 12, 24);
                    if (drive == "2Theta" && drive2Theta is null) drive2Theta = F64(b, p + 56);
                    else if (drive == "Theta") notes.Add($"start θ {F64(b, p + 56):0.#####}°");
                }
                p += sl;
            }
            if (rec > 1024) throw new NitrolyteFormatException(path, $"RAW4.00 range {r}: data-record size {rec} bytes is not plausible");
            long data = end;
            Need(b, data, (long)steps * Math.Max(rec, 1), path, $"range {r} data ({steps} steps of {rec} bytes)");
            string? refusal = null;
            bool coupled = scanType is "Locked Coupled" or "Unlocked Coupled";
            if (!coupled) refusal = $"range {r} is a '{scanType}' scan: only coupled θ-2θ scans (Locked/Unlocked Coupled) are read as 2θ patterns";
            else if (rec is not (4 or 8)) refusal = $"range {r} has {rec}-byte data records: only 4 (float32 counts) and 8 (counts and a flag) are confirmed";
            if (drive2Theta is double d2 && Math.Abs(d2 - start) > 1e-6 * Math.Max(1, Math.Abs(start)))
                notes.Add($"2Theta drive start {d2:0.######}° differs from the range start {start:0.######}°: the range start is used");
            if (rec == 8) notes.Add("8-byte records: float32 counts, the 4-byte flag after each is not used");
            ranges.Add(new Range(r, start, step, (int)steps, data, (int)rec, Lambda(lambda), Positive(tps), "RAW4.00 range", refusal, notes));
            o = data + (long)steps * rec;
            if (o + 4 > b.Length)
            {
                if (o < b.Length) prov.Add($"{b.Length - o} bytes after the last range not read");
                break;
            }
            kind = U32(b, o);
            if (kind is not (0 or 160)) { prov.Add($"{b.Length - o} bytes after range {r} (kind {kind}, not a range) not read"); break; }
            if (ranges.Count >= 100_000) throw new NitrolyteFormatException(path, "RAW4.00: more than 100000 ranges");
        }
        prov.Insert(0, $"Bruker RAW4.00 (v4), {ranges.Count} range{(ranges.Count == 1 ? "" : "s")}{(text.TryGetValue("CREATOR", out var creator) && creator.Length > 0 ? $", written by {creator}" : "")}");
        string? date = Text(b, 12, 12), time = Text(b, 24, 10);
        if (date is not null) prov.Add($"measured {date} {time}".TrimEnd());
        var wl = instrument ? Wavelengths(k1, k2, ratio, "the instrument record") : (null, null, null, null);
        return Finish(b, path, scan, ranges, prov, wl, anode, text.GetValueOrDefault("SAMPLEID"));
    }

    // ---------------------------------------------------------------- common

    private static MeasuredPattern Finish(byte[] b, string path, int scan, List<Range> ranges, List<string> prov,
        (double? K1, double? K2, double? Ratio, string? Note) wl, string? anode, string? sample)
    {
        if (scan < 1 || scan > ranges.Count) throw new NitrolyteFormatException(path, $"scan {scan} asked for, the file has {ranges.Count} range{(ranges.Count == 1 ? "" : "s")} (--scan 1..{ranges.Count})");
        var rg = ranges[scan - 1];
        if (rg.Refusal is not null) throw new NitrolyteFormatException(path, rg.Refusal);
        if (rg.Count < 2) throw new NitrolyteFormatException(path, $"range {rg.Index}: {rg.Count} steps");
        if (!(double.IsFinite(rg.Start) && double.IsFinite(rg.Step) && rg.Step != 0))
            throw new NitrolyteFormatException(path, $"range {rg.Index}: start {rg.Start} / step {rg.Step} is not a usable 2θ axis");
        if (ranges.Count > 1) prov.Add($"range {scan} of {ranges.Count} read (--scan)");
        prov.Add($"2θ = {rg.Start:0.######}° + i × {rg.Step:0.########}°, {rg.Count} steps{(rg.SecondsPerStep is double s ? $", {s:0.###} s per step" : "")}");
        prov.AddRange(rg.Notes);
        int n = rg.Count;
        var x = new double[n]; var y = new double[n];
        int negative = 0;
        for (int i = 0; i < n; i++)
        {
            x[i] = rg.Start + i * rg.Step;
            long at = rg.DataOffset + (long)i * rg.Stride;
            float v = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan((int)at, 4));
            if (!float.IsFinite(v)) throw new NitrolyteFormatException(path, $"range {rg.Index} step {i + 1} (byte {at}): intensity {v} is not finite");
            if (v < 0) negative++;
            y[i] = v;
        }
        if (negative > 0) prov.Add($"{negative} negative intensities (processed data, not raw counts?): esd taken as √max(I, 1)");
        double? k1 = wl.K1, k2 = wl.K2, ratio = wl.Ratio;
        if (k1 is null && rg.LambdaA is double lr)
        {
            k1 = lr;
            prov.Add($"wavelength {lr:0.######} Å from range {rg.Index} (no Kα1 in the file header): single line");
        }
        else if (wl.Note is not null) prov.Add(wl.Note);
        if (anode is not null) prov.Add($"anode {anode}");
        prov.Add("esd = √counts (RAW stores counts per step)");
        return PowderTextReader.Finish(path, PatternAxis.TwoThetaDeg, x, y, MeasuredPattern.CountingEsd(y), false, k1, "xray", prov, k2, ratio, sample);
    }

    private static (double? K1, double? K2, double? Ratio, string? Note) Wavelengths(double k1, double k2, double ratio, string where)
    {
        if (!(k1 > 0.01 && k1 < 10)) return (null, null, null, null);
        if (k2 > 0.01 && k2 < 10 && ratio > 0 && ratio < 10)
            return (k1, k2, ratio, $"wavelengths Kα1 {k1:0.######} Å, Kα2 {k2:0.######} Å, I2/I1 {ratio:0.####} from {where}");
        return (k1, null, null, $"wavelength Kα1 {k1:0.######} Å from {where}: no Kα2 and ratio stored, single line (Kα2 stripped or monochromated)");
    }

    private static double? Lambda(double v) => v > 0.01 && v < 10 ? v : null;
    private static double? Positive(double v) => v > 0 && double.IsFinite(v) ? v : null;

    private static void Need(byte[] b, long offset, long count, string path, string what)
    {
        if (offset < 0 || count < 0 || offset + count > b.Length)
            throw new NitrolyteFormatException(path, $"Bruker RAW truncated: {what} needs bytes {offset}-{offset + count - 1}, the file has {b.Length}");
    }

    private static uint U32(byte[] b, long o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)o, 4));
    private static double F64(byte[] b, long o) => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan((int)o, 8));
    private static double F32(byte[] b, long o) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan((int)o, 4));

    /// <summary>NUL-terminated Latin-1 text at a fixed place; null when empty.</summary>
    private static string? Text(byte[] b, long o, int len)
    {
        if (o + len > b.Length) return null;
        var span = b.AsSpan((int)o, len);
        int z = span.IndexOf((byte)0);
        if (z >= 0) span = span[..z];
        var s = Encoding.Latin1.GetString(span).Trim();
        return s.Length == 0 || s.Any(char.IsControl) ? null : s;
    }

    private static string Printable(byte[] b, int o, int len) =>
        new(b.Skip(o).Take(len).Select(c => c is >= 32 and < 127 ? (char)c : '.').ToArray());
}
