using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Neware;

/// <summary>One numeric column of a Neware file.</summary>
public sealed record NewareColumn(string Name, string? Unit, double[] Values);

/// <summary>
/// A Neware BTS file (.nda binary or .ndax zip) as a table with NewareNDA's column names: Index, Cycle, Step,
/// Status (text), Time (s), Voltage (V), Current(mA) (positive = charge), Charge/Discharge_Capacity(mAh),
/// Charge/Discharge_Energy(mWh), Timestamp, and auxiliary channels T&lt;n&gt; (°C) / V&lt;n&gt; (V) when present.
/// </summary>
public sealed class NewareFile
{
    public required string FilePath { get; init; }
    /// <summary>"nda 29", "nda 130", "ndax (ndc 14)", ...</summary>
    public required string Version { get; init; }
    public required IReadOnlyList<NewareColumn> Columns { get; init; }
    public required string[] Status { get; init; }
    public required DateTime[] Timestamp { get; init; }
    public double? ActiveMassMg { get; init; }
    public string? Remarks { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public int RowCount => Status.Length;

    public NewareColumn? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
    public double[] this[string name] => Find(name)?.Values ?? throw new KeyNotFoundException(name);
}

/// <summary>
/// Reads Neware .nda (versions 29 and 130) and .ndax files. Layouts were worked out from the files in
/// ../shared/testdata with the help of the NewareNDA project's description (read, not copied) and are checked against
/// its reference tables.
/// <list type="bullet">
/// <item>nda 29 (BTS 7): "NEWARE" magic, version byte at offset 14; 86-byte records that start with 0x55 0x00 (data) or
/// 0x65 (auxiliary): index, cycle, step, status, time (ms), voltage (0.1 mV), current and capacities/energies as
/// integers scaled by a factor that depends on the current range, and a calendar timestamp.</item>
/// <item>nda 130 (BTS 9): 88-byte records from offset 1024 carrying floats (V, mA, mAs, mWs), time in µs and a
/// Unix timestamp in µs.</item>
/// <item>ndax: a zip of .ndc files. Either data.ndc holds complete records (ndc 2/5), or data.ndc holds (V, I) pairs in
/// 4096-byte pages, data_runInfo.ndc time/capacity/energy/timestamp/step per index, data_step.ndc cycle and status per
/// step; data_AUX_*.ndc hold auxiliary (temperature) channels.</item>
/// </list>
/// Cycle numbers are regenerated like NewareNDA's default (a new cycle at a charge step that follows a discharge),
/// Step counts changes of the recorded step. The status codes map to CC_Chg, CC_DChg, CV_Chg, Rest, ... .
/// </summary>
public static class NewareReader
{
    private static readonly Dictionary<int, string> States = new()
    {
        [1] = "CC_Chg", [2] = "CC_DChg", [3] = "CV_Chg", [4] = "Rest", [5] = "Cycle", [7] = "CCCV_Chg", [8] = "CP_DChg",
        [9] = "CP_Chg", [10] = "CR_DChg", [13] = "Pause", [17] = "SIM", [19] = "CV_DChg", [20] = "CCCV_DChg",
    };

    /// <summary>Current-range setting -> scale of the integer current (mA per count) in nda 29 / ndc 2/5 records.</summary>
    [ThreadStatic] private static HashSet<int>? _unknownRanges;
    [ThreadStatic] private static string? _truncated;

    /// <summary>Notes a partial record at the end of the file (a copy taken while the test was running, or a cut
    /// download): the complete records are kept and the file is flagged with a warning.</summary>
    private static void NoteTail(byte[] b, int p, int len, int records, bool startsRecord)
    {
        if (p < b.Length && b.Length - p < len && startsRecord)
            _truncated = $"the file ends inside a record at byte {p} ({b.Length - p} of {len} bytes): truncated file? Read the {records} complete records before it";
    }

    private static double RangeMultiplier(int range)
    {
        double m = KnownRangeMultiplier(range);
        if (double.IsNaN(m)) (_unknownRanges ??= []).Add(range);
        return m;
    }

    private static double KnownRangeMultiplier(int range) => range switch
    {
        0 => 0,
        -1 => 1e-5,
        -50 or -25 or 5 => 1e-4,
        -500 or -100 => 1e-3,
        <= -1000 => 1e-2,
        10 => 1e-3,
        100 or 200 => 1e-2,
        >= 1000 => 1e-1,
        _ => double.NaN,
    };

    private sealed class Rec
    {
        public long Index; public int Cycle; public long StepRaw; public int Status;
        public double Time, Voltage, Current, ChgCap, DchgCap, ChgEn, DchgEn;
        public DateTime Timestamp;
    }

    public static bool LooksLikeNeware(string path)
    {
        using var fs = File.OpenRead(path);
        var b = new byte[6];
        int n = fs.Read(b);
        if (n == 6 && Encoding.ASCII.GetString(b) == "NEWARE") return true;
        return n >= 2 && b[0] == (byte)'P' && b[1] == (byte)'K' && Path.GetExtension(path).Equals(".ndax", StringComparison.OrdinalIgnoreCase);
    }

    public static NewareFile Read(string path)
    {
        _unknownRanges = null;
        _truncated = null;
        var f = ReadCore(path);
        int missingDates = f.Timestamp.Count(x => x == DateTime.MinValue);
        if (_unknownRanges is { Count: > 0 } || _truncated is not null || missingDates > 0)
        {
            var w = f.Warnings.ToList();
            if (missingDates > 0)
                w.Add(missingDates == f.Timestamp.Length
                    ? "no usable timestamps (missing or out of range): no start time, the time series uses relative time only"
                    : $"{missingDates} of {f.Timestamp.Length} rows have no usable timestamp (missing or out of range): left empty; times are relative");
            if (_unknownRanges is { Count: > 0 } u)
                w.Add($"unknown current-range code(s) {string.Join(", ", u.Order())}: the scale of current, capacity and energy is not known, so they are left empty (NaN)");
            if (_truncated is not null) w.Add(_truncated);
            f = new NewareFile { FilePath = f.FilePath, Version = f.Version, Columns = f.Columns, Status = f.Status, Timestamp = f.Timestamp, ActiveMassMg = f.ActiveMassMg, Remarks = f.Remarks, Warnings = w };
        }
        _unknownRanges = null;
        _truncated = null;
        return f;
    }

    private static NewareFile ReadCore(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K') return ReadNdax(path, bytes);
        if (bytes.Length < 6 || Encoding.ASCII.GetString(bytes, 0, 6) != "NEWARE")
            throw new NitrolyteFormatException(path, "not a Neware file: the magic 'NEWARE' (nda) or a zip header (ndax) is missing", byteOffset: 0);
        if (bytes.Length < 16) throw new NitrolyteFormatException(path, "file ends inside the header (truncated file)", byteOffset: bytes.Length);
        int version = bytes[14];
        var aux = new List<(long Index, int Aux, double T, double V)>();
        List<Rec> recs = version switch
        {
            29 => ReadNda29(path, bytes, aux),
            130 => ReadNda130(path, bytes, aux),
            _ => throw new NitrolyteFormatException(path, $"nda version {version} is not supported (29 and 130 are)", byteOffset: 14),
        };
        double? mass = null;
        if (version == 29 && bytes.Length >= 156) mass = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(152)) / 1000.0;
        return Build(path, $"nda {version}", recs, aux, mass, stepIsRaw: true);
    }

    private static List<Rec> ReadNda29(string path, byte[] b, List<(long, int, double, double)> aux)
    {
        const int len = 86;
        ReadOnlySpan<byte> id = [0, 0, 0, 0, 0x55, 0];
        int header = b.AsSpan().IndexOf(id);
        while (header >= 0 && header + 4 + len < b.Length && (b[header + 4 + len] != 0x55 || b[header + 4 + 12] == 0))
        {
            int next = b.AsSpan(header + 4).IndexOf(id);
            header = next < 0 ? -1 : header + 4 + next;
        }
        if (header < 0) throw new NitrolyteFormatException(path, "no data records found (expected 0x55 records after the header)", byteOffset: b.Length);
        var recs = new List<Rec>();
        int p = header + 4;
        for (; p + len <= b.Length; p += len)
        {
            var r = b.AsSpan(p, len);
            bool tailZero = r[82] == 0 && r[83] == 0 && r[84] == 0 && r[85] == 0;
            if (r[0] == 0x55 && r[1] == 0 && tailZero)
            {
                long index = BinaryPrimitives.ReadUInt32LittleEndian(r[2..]);
                int status = r[12];
                if (index == 0 || status == 0) continue;
                int range = BinaryPrimitives.ReadInt32LittleEndian(r[78..]);
                double m = RangeMultiplier(range);
                recs.Add(new Rec
                {
                    Index = index,
                    Cycle = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[6..]) + 1,
                    StepRaw = BinaryPrimitives.ReadUInt32LittleEndian(r[10..]),
                    Status = status,
                    Time = BinaryPrimitives.ReadUInt64LittleEndian(r[14..]) / 1000.0,
                    Voltage = BinaryPrimitives.ReadInt32LittleEndian(r[22..]) / 10000.0,
                    Current = BinaryPrimitives.ReadInt32LittleEndian(r[26..]) * m,
                    ChgCap = BinaryPrimitives.ReadInt64LittleEndian(r[38..]) * m / 3600,
                    DchgCap = BinaryPrimitives.ReadInt64LittleEndian(r[46..]) * m / 3600,
                    ChgEn = BinaryPrimitives.ReadInt64LittleEndian(r[54..]) * m / 3600,
                    DchgEn = BinaryPrimitives.ReadInt64LittleEndian(r[62..]) * m / 3600,
                    Timestamp = SafeDate(BinaryPrimitives.ReadUInt16LittleEndian(r[70..]), r[72], r[73], r[74], r[75], r[76]),
                });
            }
            else if (r[0] == 0x65 && tailZero)
            {
                aux.Add((BinaryPrimitives.ReadUInt32LittleEndian(r[2..]), r[1],
                    BinaryPrimitives.ReadInt16LittleEndian(r[34..]) / 10.0, BinaryPrimitives.ReadInt32LittleEndian(r[22..]) / 10000.0));
            }
        }
        if (p < b.Length && recs.Count == 0) throw new NitrolyteFormatException(path, "file ends inside the first record (truncated file)", byteOffset: b.Length);
        NoteTail(b, p, len, recs.Count, b[p < b.Length ? p : 0] is 0x55 or 0x65);
        return recs;
    }

    private static List<Rec> ReadNda130(string path, byte[] b, List<(long, int, double, double)> aux)
    {
        if (b.Length < 1024 + 56) throw new NitrolyteFormatException(path, "file ends before the first record at byte 1024 (truncated file)", byteOffset: b.Length);
        if (b[1024] == 0x55) return ReadNda130Bts91(path, b, aux);
        const int len = 88;
        var id = b.AsSpan(1024, 6).ToArray();
        var recs = new List<Rec>();
        int p = 1024;
        for (; p + len <= b.Length; p += len)
        {
            var r = b.AsSpan(p, len);
            if (r[..6].SequenceEqual(id))
            {
                var d = r[4..];
                long us = BinaryPrimitives.ReadInt64LittleEndian(d[64..]);
                if (us < 0 || us > 4_000_000_000_000_000) us = 0;
                recs.Add(new Rec
                {
                    StepRaw = d[5],
                    Status = d[6],
                    Index = BinaryPrimitives.ReadUInt32LittleEndian(d[12..]),
                    Time = BinaryPrimitives.ReadUInt64LittleEndian(d[24..]) / 1e6,
                    Voltage = BinaryPrimitives.ReadSingleLittleEndian(d[32..]),
                    Current = BinaryPrimitives.ReadSingleLittleEndian(d[36..]),
                    ChgCap = BinaryPrimitives.ReadSingleLittleEndian(d[48..]) / 3600,
                    ChgEn = BinaryPrimitives.ReadSingleLittleEndian(d[52..]) / 3600,
                    DchgCap = BinaryPrimitives.ReadSingleLittleEndian(d[56..]) / 3600,
                    DchgEn = BinaryPrimitives.ReadSingleLittleEndian(d[60..]) / 3600,
                    Timestamp = SafeUnixTicks(us * 10),
                });
            }
            else if (r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0 && r[4] == 0x65)
            {
                var d = r[4..];
                aux.Add((BinaryPrimitives.ReadUInt32LittleEndian(d[2..]), d[1],
                    BinaryPrimitives.ReadInt16LittleEndian(d[34..]) / 10.0, BinaryPrimitives.ReadInt32LittleEndian(d[22..]) / 10000.0));
            }
        }
        NoteTail(b, p, len, recs.Count, p < b.Length && b.AsSpan(p).StartsWith(id.AsSpan(0, Math.Min(id.Length, b.Length - p))));
        return recs;
    }

    /// <summary>BTS 9.1: fixed-length records (length = distance to the next record's 2-byte identifier) from byte 1024:
    /// step (u8 @2), status (u8 @3), index (u32 @8), time s + ns (u32 @12, @16), current mA (f32 @20), voltage V (f32 @24),
    /// capacity mAs and energy mWs (f32 @28, @32; negative on discharge), cycle (u32 @36), Unix time s + ns (@44, @48),
    /// and in 56-byte records a temperature (f32 @52).</summary>
    private static List<Rec> ReadNda130Bts91(string path, byte[] b, List<(long, int, double, double)> aux)
    {
        int next = b.AsSpan(1026).IndexOf(b.AsSpan(1024, 2));
        if (next < 0) throw new NitrolyteFormatException(path, "only one record found (truncated file?)", byteOffset: 1024);
        int len = next + 2;
        if (len < 52) throw new NitrolyteFormatException(path, $"unexpected record length {len} (BTS 9.1 records are at least 52 bytes)", byteOffset: 1024);
        var recs = new List<Rec>();
        int p = 1024;
        for (; p + len <= b.Length; p += len)
        {
            var r = b.AsSpan(p, len);
            if (r[0] != 0x55) continue;
            long index = BinaryPrimitives.ReadUInt32LittleEndian(r[8..]);
            if (index == 0) continue;
            double cap = BinaryPrimitives.ReadSingleLittleEndian(r[28..]);
            double en = BinaryPrimitives.ReadSingleLittleEndian(r[32..]);
            float time = (float)(BinaryPrimitives.ReadUInt32LittleEndian(r[12..]) + BinaryPrimitives.ReadUInt32LittleEndian(r[16..]) / 1e9);
            long sec = BinaryPrimitives.ReadUInt32LittleEndian(r[44..]);
            long ns = BinaryPrimitives.ReadUInt32LittleEndian(r[48..]);
            recs.Add(new Rec
            {
                StepRaw = r[2],
                Status = r[3],
                Index = index,
                Time = time,
                Current = BinaryPrimitives.ReadSingleLittleEndian(r[20..]),
                Voltage = BinaryPrimitives.ReadSingleLittleEndian(r[24..]),
                ChgCap = Math.Max(cap, 0) / 3600, DchgCap = Math.Abs(Math.Min(cap, 0)) / 3600,
                ChgEn = Math.Max(en, 0) / 3600, DchgEn = Math.Abs(Math.Min(en, 0)) / 3600,
                Cycle = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[36..]) + 1,
                Timestamp = SafeUnixTicks(sec * TimeSpan.TicksPerSecond + ns / 100),
            });
            if (len >= 56) aux.Add((index, 1, BinaryPrimitives.ReadSingleLittleEndian(r[52..]), double.NaN));
        }
        NoteTail(b, p, len, recs.Count, p < b.Length && b[p] == 0x55);
        return recs;
    }

    private static DateTime SafeDate(int y, int mo, int d, int h, int mi, int s)
    {
        try { return Plausible(new DateTime(y, mo, d, h, mi, s)); } catch (ArgumentOutOfRangeException) { return DateTime.MinValue; }
    }

    /// <summary>Timestamps outside 1990..2200 (zeros, garbage, overflow) are treated as missing: no date ever throws.</summary>
    private static readonly DateTime EarliestPlausible = new(1990, 1, 1), LatestPlausible = new(2200, 1, 1);

    private static DateTime Plausible(DateTime d) => d >= EarliestPlausible && d < LatestPlausible ? d : DateTime.MinValue;

    /// <summary>Unix seconds to a date, or <see cref="DateTime.MinValue"/> (missing) when NaN, infinite or out of range.</summary>
    internal static DateTime SafeUnixSeconds(double seconds)
    {
        if (!double.IsFinite(seconds)) return DateTime.MinValue;
        double ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);
        if (!(ticks > -9e18 && ticks < 9e18)) return DateTime.MinValue;
        return SafeUnixTicks((long)ticks);
    }

    /// <summary>Ticks since the Unix epoch to a date, or <see cref="DateTime.MinValue"/> (missing) when out of range.</summary>
    internal static DateTime SafeUnixTicks(long ticks)
    {
        long epoch = DateTime.UnixEpoch.Ticks;
        if (ticks < -epoch || ticks > DateTime.MaxValue.Ticks - epoch) return DateTime.MinValue;
        return Plausible(new DateTime(epoch + ticks, DateTimeKind.Utc));
    }

    // ------------------------------------------------------------------ ndax
    private static NewareFile ReadNdax(string path, byte[] bytes)
    {
        // A damaged archive can fail anywhere in System.IO.Compression (central directory, an entry's header or
        // its deflate stream): every such failure is one message about the archive, never an internal error.
        try { return ReadNdaxArchive(path, bytes); }
        catch (InvalidDataException e) { throw new NitrolyteFormatException(path, $"the .ndax archive is corrupted (zip): {e.Message}", inner: e); }
    }

    private static NewareFile ReadNdaxArchive(string path, byte[] bytes)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read); }
        catch (InvalidDataException e) { throw new NitrolyteFormatException(path, $"not a readable ndax (zip) archive: {e.Message}", inner: e); }
        using (zip)
        {
            byte[] Entry(string name)
            {
                var e = zip.GetEntry(name) ?? throw new NitrolyteFormatException(path, $"the ndax archive has no '{name}'");
                using var s = e.Open();
                var ms = new MemoryStream();
                try { s.CopyTo(ms); }
                catch (InvalidDataException ex) { throw new NitrolyteFormatException(path, $"'{name}' in the ndax archive is corrupt or truncated: {ex.Message}", inner: ex); }
                return ms.ToArray();
            }
            double? mass = null; string? remarks = null;
            if (zip.GetEntry("Step.xml") is not null)
            {
                var xml = Encoding.Latin1.GetString(Entry("Step.xml"));
                mass = XmlAttr(xml, "SCQ") is { } scq && double.TryParse(scq, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v / 1000 : null;
                remarks = XmlAttr(xml, "Remark");
            }
            var data = Entry("data.ndc");
            if (data.Length < 3) throw new NitrolyteFormatException(path, "data.ndc is too short (truncated)");
            int ndcVersion = data[2];
            var aux = new List<(long Index, int Aux, double T, double V)>();
            List<Rec> recs;
            bool stepIsRaw;
            if (zip.GetEntry("data_runInfo.ndc") is not null && zip.GetEntry("data_step.ndc") is not null)
            {
                recs = ReadSplitNdc(path, data, Entry("data_runInfo.ndc"), Entry("data_step.ndc"));
                stepIsRaw = false;
            }
            else
            {
                recs = ndcVersion switch
                {
                    2 => ReadNdc2(path, data, aux),
                    5 => ReadNdc5(data, aux),
                    _ => throw new NitrolyteFormatException(path, $"data.ndc version {ndcVersion} is not supported"),
                };
                stepIsRaw = true;
            }
            int auxNo = 0;
            static int AuxKey(string name) { var parts = name.Split('_'); return parts.Length > 2 && int.TryParse(parts[2], out var k) ? k : int.MaxValue; }
            foreach (var e in zip.Entries.Where(e => e.Name.StartsWith("data_AUX", StringComparison.OrdinalIgnoreCase) && e.Name.EndsWith(".ndc")).OrderBy(e => AuxKey(e.Name)).ThenBy(e => e.Name, StringComparer.Ordinal))
            {
                auxNo++;
                var a = Entry(e.FullName);
                ReadAuxNdc(a, auxNo, aux);
            }
            return Build(path, $"ndax (ndc {ndcVersion})", recs, aux, mass, stepIsRaw, remarks);
        }
    }

    private static string? XmlAttr(string xml, string element)
    {
        int i = xml.IndexOf("<" + element + " ", StringComparison.Ordinal);
        if (i < 0) return null;
        int v = xml.IndexOf("Value=\"", i, StringComparison.Ordinal);
        if (v < 0) return null;
        int end = xml.IndexOf('"', v + 7);
        return end < 0 ? null : xml[(v + 7)..end];
    }

    /// <summary>
    /// data.ndc (V, I) pages + data_runInfo.ndc + data_step.ndc (BTS 8 ndax). runInfo holds time, capacities, energies,
    /// a Unix timestamp and the step for only some indices; rows are matched on index (an index with several runInfo
    /// records gives several rows, as NewareNDA's left join does) and the gaps are filled the way NewareNDA fills them:
    /// time interpolated linearly within a step and extrapolated with the last increment, timestamps advanced by the
    /// elapsed time, capacities and energies by integrating |I| dt (and |I| V dt) from the last recorded value.
    /// </summary>
    private static List<Rec> ReadSplitNdc(string path, byte[] data, byte[] runInfo, byte[] step)
    {
        int dv = data[2];
        // BTS 8.0.1 (2025) writes data.ndc and data_runInfo.ndc version 17, whose record layout is not known here:
        // refused rather than read with the version-14 offsets (that gives NaN times and wrong values)
        if (dv > 14 || runInfo.Length > 2 && runInfo[2] > 14)
            throw new NitrolyteFormatException(path, $"ndax data.ndc version {dv} / data_runInfo.ndc version {(runInfo.Length > 2 ? runInfo[2] : 0)} is not supported (split ndax files of version 14 and older are read); export the test as CSV/XLSX from BTS, which is read");
        double vMul = dv == 14 ? 1 : 1e-4, iMul = dv == 14 ? 1000 : 1;
        var vi = new List<(double V, double I)>();
        for (int page = 4096; page + 4096 <= data.Length; page += 4096)
            for (int q = page + 132; q + 8 <= page + 4096 - 4; q += 8)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(q));
                if (v != 0) vi.Add((v * vMul, BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(q + 4)) * iMul));
            }
        if (vi.Count == 0) throw new NitrolyteFormatException(path, "data.ndc holds no records");
        int rv = runInfo[2];
        int recLen = rv >= 14 ? 55 : 47, endTrim = rv >= 14 ? 59 : 63;
        double capMul = rv >= 14 ? 1000 : 1.0 / 3600;
        var run = new List<(long Index, double Time, double Cc, double Dc, double Ce, double De, long Ts, int StepRaw)>();
        for (int page = 4096; page + 4096 <= runInfo.Length; page += 4096)
            for (int q = page + 132; q + recLen <= page + 4096 - endTrim; q += recLen)
            {
                var r = runInfo.AsSpan(q, recLen);
                const int o = 4 + 1 + 16 + 12; // time (i32 ms), 1 byte, 4 floats, 12 bytes
                long index = BinaryPrimitives.ReadInt32LittleEndian(r[(o + 8)..]);
                if (index == 0) continue;
                run.Add((index, BinaryPrimitives.ReadInt32LittleEndian(r) * 1e-3,
                    BinaryPrimitives.ReadSingleLittleEndian(r[5..]) * capMul, BinaryPrimitives.ReadSingleLittleEndian(r[9..]) * capMul,
                    BinaryPrimitives.ReadSingleLittleEndian(r[13..]) * capMul, BinaryPrimitives.ReadSingleLittleEndian(r[17..]) * capMul,
                    BinaryPrimitives.ReadInt32LittleEndian(r[o..]), BinaryPrimitives.ReadInt32LittleEndian(r[(o + 4)..])));
            }
        var steps = new List<(int Cycle, int Status)>();
        for (int page = 4096; page + 4096 <= step.Length; page += 4096)
            for (int q = page + 132; q + 37 <= page + 4096 - 5; q += 37)
            {
                var r = step.AsSpan(q, 37);
                if (BinaryPrimitives.ReadInt32LittleEndian(r[4..]) == 0) continue;
                steps.Add((BinaryPrimitives.ReadInt32LittleEndian(r) + 1, (sbyte)r[24]));
            }
        // step number of each runInfo record: count of changes (the last record never counts, as in NewareNDA)
        var runStep = new int[run.Count];
        for (int k = 0, sn = 0; k < run.Count; k++)
        {
            if (k == 0 || (k < run.Count - 1 && run[k].StepRaw != run[k - 1].StepRaw)) sn++;
            runStep[k] = sn;
        }
        var byIndex = new Dictionary<long, List<int>>();
        for (int k = 0; k < run.Count; k++)
        {
            if (!byIndex.TryGetValue(run[k].Index, out var l)) byIndex[run[k].Index] = l = new List<int>();
            l.Add(k);
        }
        var recs = new List<Rec>(vi.Count);
        var valid = new List<bool>(vi.Count);
        var ts = new List<double>();
        double lastStep = double.NaN;
        for (int i = 0; i < vi.Count; i++)
        {
            long index = i + 1;
            if (byIndex.TryGetValue(index, out var matches))
                foreach (var k in matches)
                {
                    var ri = run[k];
                    lastStep = runStep[k];
                    recs.Add(new Rec { Index = index, Voltage = vi[i].V, Current = vi[i].I, Time = ri.Time, ChgCap = ri.Cc, DchgCap = ri.Dc, ChgEn = ri.Ce, DchgEn = ri.De, StepRaw = (long)lastStep });
                    ts.Add(ri.Ts);
                    valid.Add(true);
                }
            else
            {
                recs.Add(new Rec { Index = index, Voltage = vi[i].V, Current = vi[i].I, Time = double.NaN, ChgCap = double.NaN, DchgCap = double.NaN, ChgEn = double.NaN, DchgEn = double.NaN, StepRaw = double.IsNaN(lastStep) ? 0 : (long)lastStep });
                ts.Add(double.NaN);
                valid.Add(false);
            }
        }
        foreach (var r in recs)
            if (r.StepRaw >= 1 && r.StepRaw <= steps.Count) { r.Cycle = steps[(int)r.StepRaw - 1].Cycle; r.Status = steps[(int)r.StepRaw - 1].Status; }
        FillGaps(recs, valid, ts);
        return recs;
    }

    /// <summary>NewareNDA's gap filling for ndax files with sparse runInfo (see <see cref="ReadSplitNdc"/>).</summary>
    private static void FillGaps(List<Rec> recs, List<bool> valid, List<double> ts)
    {
        int n = recs.Count;
        if (valid.All(v => v))
        {
            for (int i = 0; i < n; i++) recs[i].Timestamp = SafeUnixSeconds(ts[i]);
            return;
        }
        var t = recs.Select(r => r.Time).ToArray();
        // 1. linear interpolation (by position) inside each step
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && recs[end + 1].StepRaw == recs[start].StepRaw) end++;
            int prev = -1;
            for (int i = start; i <= end; i++)
            {
                if (double.IsNaN(t[i])) continue;
                if (prev >= 0 && i - prev > 1)
                    for (int j = prev + 1; j < i; j++) t[j] = t[prev] + (t[i] - t[prev]) * (j - prev) / (i - prev);
                prev = i;
            }
            start = end + 1;
        }
        // 2. extrapolate the rest with the last known increment
        double lastT = double.NaN, lastDiff = double.NaN;
        int lastValid = -1;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsNaN(t[i]))
            {
                if (i > 0 && !double.IsNaN(t[i - 1])) lastDiff = t[i] - t[i - 1];
                lastT = t[i]; lastValid = i;
            }
            else if (lastValid >= 0 && !double.IsNaN(lastDiff)) t[i] = lastT + (i - lastValid) * lastDiff;
        }
        // 3. timestamps, capacities, energies: last recorded value + increments since then (NewareNDA's shifted cumulative sums)
        double tsV = double.NaN, cc = double.NaN, dc = double.NaN, ce = double.NaN, de = double.NaN;
        double incT = double.NaN, incCap = double.NaN, incEn = double.NaN;
        double prevIncT = double.NaN, prevIncCap = double.NaN, prevIncEn = double.NaN; double prevI = double.NaN;
        for (int i = 0; i < n; i++)
        {
            var r = recs[i];
            double dt = i > 0 ? t[i] - t[i - 1] : double.NaN;
            double cap = dt * Math.Abs(r.Current) / 3600, en = cap * r.Voltage;
            if (valid[i])
            {
                tsV = ts[i]; cc = r.ChgCap; dc = r.DchgCap; ce = r.ChgEn; de = r.DchgEn;
                // a new group starts at a valid row and includes that row's own increment
                incT = double.IsNaN(dt) ? 0 : dt; incCap = double.IsNaN(cap) ? 0 : cap; incEn = double.IsNaN(en) ? 0 : en;
                r.Timestamp = SafeUnixSeconds(tsV);
            }
            else
            {
                double shiftT = prevIncT, shiftCap = prevIncCap, shiftEn = prevIncEn;
                r.Time = t[i];
                r.Timestamp = double.IsNaN(tsV) ? DateTime.MinValue : SafeUnixSeconds(tsV + (double.IsNaN(shiftT) ? 0 : shiftT));
                r.ChgCap = cc + (prevI > 0 ? shiftCap : 0);
                r.DchgCap = dc + (prevI < 0 ? shiftCap : 0);
                r.ChgEn = ce + (prevI > 0 ? shiftEn : 0);
                r.DchgEn = de + (prevI < 0 ? shiftEn : 0);
                if (!double.IsNaN(dt)) incT += dt;
                if (!double.IsNaN(cap)) incCap += cap;
                if (!double.IsNaN(en)) incEn += en;
            }
            prevIncT = incT; prevIncCap = incCap; prevIncEn = incEn; prevI = r.Current;
        }
        for (int i = 0; i < n; i++) recs[i].Time = t[i];
    }

    private static Rec NdcRecord(ReadOnlySpan<byte> r)
    {
        int range = BinaryPrimitives.ReadInt32LittleEndian(r[82..]);
        double m = RangeMultiplier(range);
        return new Rec
        {
            Index = BinaryPrimitives.ReadUInt32LittleEndian(r[8..]),
            Cycle = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[12..]) + 1,
            StepRaw = r[16],
            Status = r[17],
            Time = BinaryPrimitives.ReadUInt64LittleEndian(r[23..]) / 1000.0,
            Voltage = BinaryPrimitives.ReadInt32LittleEndian(r[31..]) / 10000.0,
            Current = BinaryPrimitives.ReadInt32LittleEndian(r[35..]) * m,
            ChgCap = BinaryPrimitives.ReadInt64LittleEndian(r[43..]) * m / 3600,
            DchgCap = BinaryPrimitives.ReadInt64LittleEndian(r[51..]) * m / 3600,
            ChgEn = BinaryPrimitives.ReadInt64LittleEndian(r[59..]) * m / 3600,
            DchgEn = BinaryPrimitives.ReadInt64LittleEndian(r[67..]) * m / 3600,
            Timestamp = SafeDate(BinaryPrimitives.ReadUInt16LittleEndian(r[75..]), r[77], r[78], r[79], r[80], r[81]),
        };
    }

    private static List<Rec> ReadNdc2(string path, byte[] b, List<(long, int, double, double)> aux)
    {
        if (b.Length < 525) throw new NitrolyteFormatException(path, "data.ndc is too short (truncated)");
        var id = b.AsSpan(517, 8).ToArray();
        var recs = new List<Rec>();
        int h = b.AsSpan().IndexOf(id);
        while (h >= 0 && h + 94 <= b.Length)
        {
            var r = b.AsSpan(h, 94);
            if (r[0] == 0x55) recs.Add(NdcRecord(r));
            else if (r[0] == 0x65 || r[0] == 0x74)
                aux.Add((BinaryPrimitives.ReadUInt32LittleEndian(r[8..]), r[3], BinaryPrimitives.ReadInt16LittleEndian(r[41..]) / 10.0, BinaryPrimitives.ReadInt32LittleEndian(r[31..]) / 10000.0));
            int next = b.AsSpan(h + 94).IndexOf(id);
            h = next < 0 ? -1 : h + 94 + next;
        }
        return recs;
    }

    private static List<Rec> ReadNdc5(byte[] b, List<(long, int, double, double)> aux)
    {
        var recs = new List<Rec>();
        for (int page = 4096; page + 4096 <= b.Length; page += 4096)
            for (int q = page + 125; q + 87 <= page + 4096 - 56; q += 87)
            {
                var r = b.AsSpan(q, 87);
                if (r[7] == 0x55) recs.Add(NdcRecord(r));
                else if (r[7] == 0x65 || r[7] == 0x74)
                    aux.Add((BinaryPrimitives.ReadUInt32LittleEndian(r[8..]), r[3], BinaryPrimitives.ReadInt16LittleEndian(r[41..]) / 10.0, BinaryPrimitives.ReadInt32LittleEndian(r[31..]) / 10000.0));
            }
        return recs;
    }

    private static void ReadAuxNdc(byte[] b, int auxNo, List<(long, int, double, double)> aux)
    {
        if (b.Length < 3) return;
        // ndc 14 auxiliary files: one f32 temperature (°C) per data index, from byte 132 of each 4096-byte page,
        // zero-padded at the end of the last page.
        int idx = 0;
        for (int page = 4096; page + 4096 <= b.Length; page += 4096)
            for (int q = page + 132; q + 4 <= page + 4096 - 4; q += 4)
            {
                float t = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(q));
                idx++;
                if (t != 0) aux.Add((idx, auxNo, t, double.NaN));
            }
    }

    // ------------------------------------------------------------------ assembly
    private static NewareFile Build(string path, string version, List<Rec> recs, List<(long Index, int Aux, double T, double V)> aux, double? mass, bool stepIsRaw, string? remarks = null)
    {
        // nda/ndc records: de-duplicate on Index and sort; split ndax rows are already in order (an index may repeat)
        var rows = recs;
        if (stepIsRaw)
        {
            var seen = new HashSet<long>();
            rows = new List<Rec>(recs.Count);
            foreach (var r in recs) if (seen.Add(r.Index)) rows.Add(r);
            if (!IsSorted(rows)) rows.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
        int n = rows.Count;
        var status = rows.Select(r => States.GetValueOrDefault(r.Status, $"Unknown_{r.Status}")).ToArray();
        var step = new double[n];
        if (stepIsRaw)
        {
            // count changes of the raw step value (the first row is 1; NewareNDA never counts a change on the last row)
            int s = 0;
            for (int i = 0; i < n; i++)
            {
                bool change = i == 0 || (i < n - 1 && rows[i].StepRaw != rows[i - 1].StepRaw);
                if (change) s++;
                step[i] = s;
            }
        }
        else for (int i = 0; i < n; i++) step[i] = rows[i].StepRaw;
        var cycle = SoftwareCycle(status);
        var cols = new List<NewareColumn>
        {
            new("Index", null, rows.Select(r => (double)r.Index).ToArray()),
            new("Cycle", null, cycle),
            new("Step", null, step),
            new("Time", "s", rows.Select(r => r.Time).ToArray()),
            new("Voltage", "V", rows.Select(r => r.Voltage).ToArray()),
            new("Current(mA)", "mA", rows.Select(r => r.Current).ToArray()),
            new("Charge_Capacity(mAh)", "mAh", rows.Select(r => r.ChgCap).ToArray()),
            new("Discharge_Capacity(mAh)", "mAh", rows.Select(r => r.DchgCap).ToArray()),
            new("Charge_Energy(mWh)", "mWh", rows.Select(r => r.ChgEn).ToArray()),
            new("Discharge_Energy(mWh)", "mWh", rows.Select(r => r.DchgEn).ToArray()),
        };
        if (aux.Count > 0)
        {
            var rowsOf = new Dictionary<long, List<int>>(n);
            for (int i = 0; i < n; i++)
            {
                if (!rowsOf.TryGetValue(rows[i].Index, out var l)) rowsOf[rows[i].Index] = l = new List<int>(1);
                l.Add(i);
            }
            foreach (var g in aux.GroupBy(a => a.Aux).OrderBy(g => g.Key))
            {
                var t = Enumerable.Repeat(double.NaN, n).ToArray();
                var v = Enumerable.Repeat(double.NaN, n).ToArray();
                foreach (var a in g)
                    if (rowsOf.TryGetValue(a.Index, out var l))
                        foreach (var i in l) { t[i] = a.T; v[i] = a.V; }
                cols.Add(new NewareColumn($"T{g.Key}", "°C", t));
                if (v.Any(x => !double.IsNaN(x))) cols.Add(new NewareColumn($"V{g.Key}", "V", v));
            }
        }
        return new NewareFile
        {
            FilePath = path, Version = version, Columns = cols, Status = status,
            Timestamp = rows.Select(r => r.Timestamp).ToArray(), ActiveMassMg = mass, Remarks = remarks,
        };
    }

    private static bool IsSorted(List<Rec> rows)
    {
        for (int i = 1; i < rows.Count; i++) if (rows[i].Index < rows[i - 1].Index) return false;
        return true;
    }

    /// <summary>Cycle numbers as Neware's "charge first" statistic: a new cycle starts at a charge step (CC/CCCV/CP_Chg)
    /// entered after a discharge has been seen (or after a simulation step).</summary>
    internal static double[] SoftwareCycle(string[] status)
    {
        int n = status.Length;
        var result = new double[n];
        static bool IsInc(string s) => s is "CC_Chg" or "CCCV_Chg" or "CP_Chg";
        int cyc = 1; bool flag = false;
        for (int i = 0; i < n; i++)
        {
            bool inc = i == 0 || (IsInc(status[i]) && !IsInc(status[i - 1]));
            int us = status[i].IndexOf('_');
            if (us < 0) { if (status[i] == "SIM") flag = true; }
            else
            {
                var state = status[i][(us + 1)..];
                if (inc && flag) { cyc++; flag = false; }
                else if (state == "DChg") flag = true;
            }
            result[i] = cyc;
        }
        return result;
    }
}
