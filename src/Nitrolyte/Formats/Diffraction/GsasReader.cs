using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// GSAS powder data (.gsa, .gss, .fxye, .raw in GSAS layout): a title line, optional comment lines, then one or more
/// banks "BANK n nchan nrec BINTYP bcoef1 bcoef2 bcoef3 bcoef4 TYPE". Binning CONST (constant-wavelength: start
/// and step in centidegrees; TOF: µs) gives the abscissa of STD and ESD records; FXYE records carry it per point
/// (x in centidegrees for constant wavelength, µs for TOF) and so accept any binning (CONST, RALF, SLOG).
/// STD: ten (I2 counters, F6 intensity) fields per 80-column record, esd = √(I / counters);
/// ESD: five (F8 intensity, F8 esd) pairs per record; FXYE: x, y, esd free format. A bank whose binning is RALF or
/// SLOG with STD/ESD records is refused (its abscissa would need the time-map formulas). Whether a bank is TOF is
/// read from the header ("TOF"/"time" in a comment or the instrument line) or from --x-axis; otherwise
/// constant-wavelength 2θ is assumed and said. The wavelength is read from comment lines when one states it.
/// </summary>
public static class GsasReader
{
    private static readonly Regex WavelengthRx = new(@"(wavelength|lambda|lam|λ)[^0-9]{0,12}([0-9]*\.[0-9]+)", RegexOptions.IgnoreCase);

    public static MeasuredPattern Read(string path, int bank = 1, PatternAxis? axisOverride = null)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllLines(path), path, bank, axisOverride);
    }

    public static bool LooksLikeGsas(IReadOnlyList<string> lines) =>
        lines.Take(60).Any(l => l.StartsWith("BANK", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5);

    public static MeasuredPattern Parse(IReadOnlyList<string> lines, string path, int bank = 1, PatternAxis? axisOverride = null)
    {
        var prov = new List<string> { "GSAS powder data" };
        if (lines.Count == 0) throw new NitrolyteFormatException(path, "empty file");
        string title = lines[0].Trim();
        double? wl = null;
        bool tofHint = false;
        var banks = new List<int>();
        for (int i = 0; i < lines.Count; i++)
            if (lines[i].StartsWith("BANK", StringComparison.Ordinal)) banks.Add(i);
        if (banks.Count == 0) throw new NitrolyteFormatException(path, "no BANK line: not GSAS powder data");
        for (int i = 0; i < banks[0]; i++)
        {
            var l = lines[i];
            if (wl is null && WavelengthRx.Match(l) is { Success: true } m)
            {
                wl = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                prov.Add($"wavelength {wl:0.######} Å from line {i + 1}");
            }
            if (Regex.IsMatch(l, @"\b(TOF|time[- ]of[- ]flight)\b", RegexOptions.IgnoreCase)) tofHint = true;
        }
        if (bank < 1 || bank > banks.Count) throw new NitrolyteFormatException(path, $"bank {bank} asked for, the file has {banks.Count} (--bank 1..{banks.Count})");
        if (banks.Count > 1) prov.Add($"bank {bank} of {banks.Count} read (--bank)");
        int at = banks[bank - 1];
        int end = bank < banks.Count ? banks[bank] : lines.Count;
        var f = lines[at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 5) throw new NitrolyteFormatException(path, $"BANK line too short: '{lines[at].Trim()}'", at + 1);
        int nchan = Int(f[2], path, at), binIdx = 4;
        string bintyp = f[binIdx].ToUpperInvariant();
        var coef = new List<double>();
        for (int k = binIdx + 1; k < f.Length; k++)
            if (double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out var c)) coef.Add(c);
        string type = f.Length > binIdx + 1 && !double.TryParse(f[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? f[^1].ToUpperInvariant() : "STD";
        bool tof = axisOverride == PatternAxis.TofMicroseconds || (axisOverride is null && tofHint);
        prov.Add($"bank {f[1]}: {nchan} channels, binning {bintyp}, records {type}{(tof ? ", time of flight" : ", constant wavelength (2θ in centidegrees)")}");
        if (!tof && axisOverride is null) prov.Add("no TOF marker in the header: constant-wavelength 2θ assumed (--x-axis tof otherwise)");

        var x = new List<double>(); var y = new List<double>(); var e = new List<double>();
        if (type == "FXYE")
        {
            for (int i = at + 1; i < end; i++)
            {
                var t = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (t.Length == 0) continue;
                if (t.Length < 3) throw new NitrolyteFormatException(path, $"FXYE record needs x, y, esd: '{lines[i].Trim()}'", i + 1);
                x.Add(Num(t[0], path, i)); y.Add(Num(t[1], path, i)); e.Add(Num(t[2], path, i));
            }
        }
        else
        {
            if (bintyp != "CONST" && bintyp != "CONS")
                throw new NitrolyteFormatException(path, $"bank {f[1]}: {bintyp} binning with {type} records is not supported (CONST, or FXYE records with any binning)", at + 1);
            if (coef.Count < 2) throw new NitrolyteFormatException(path, "CONST binning needs start and step", at + 1);
            double start = coef[0], step = coef[1];
            var vals = new List<(double I, double E)>();
            for (int i = at + 1; i < end && vals.Count < nchan; i++)
            {
                var l = lines[i].TrimEnd();
                if (l.Length == 0) continue;
                if (type == "ESD")
                {
                    for (int p = 0; p + 16 <= Math.Max(l.Length, 16) && p < l.Length && vals.Count < nchan; p += 16)
                    {
                        var a = Field(l, p, 8); var b = Field(l, p + 8, 8);
                        if (a.Length == 0) break;
                        double esd = Num(b, path, i);
                        vals.Add((Num(a, path, i), esd));
                    }
                }
                else if (type == "STD")
                {
                    for (int p = 0; p < l.Length && vals.Count < nchan; p += 8)
                    {
                        var ctr = Field(l, p, 2); var a = Field(l, p + 2, 6);
                        if (a.Length == 0) break;
                        double nc = ctr.Length == 0 ? 1 : Num(ctr, path, i);
                        double v = Num(a, path, i);
                        vals.Add((v, Math.Sqrt(Math.Max(v, 1) / Math.Max(nc, 1))));
                    }
                }
                else throw new NitrolyteFormatException(path, $"record type {type} not supported (STD, ESD, FXYE)", at + 1);
            }
            if (vals.Count < nchan) prov.Add($"bank says {nchan} channels, {vals.Count} read");
            for (int i = 0; i < vals.Count; i++)
            {
                x.Add(start + i * step); y.Add(vals[i].I); e.Add(vals[i].E);
            }
            if (type == "STD") prov.Add("STD records: esd = √(I / counters)");
        }
        if (x.Count < 10) throw new NitrolyteFormatException(path, $"bank {f[1]}: only {x.Count} points");
        var xs = tof ? x.ToArray() : x.Select(v => v / 100).ToArray();
        var es = e.ToArray();
        for (int i = 0; i < es.Length; i++)
            if (!(es[i] > 0)) es[i] = Math.Sqrt(Math.Max(y[i], 1));
        return PowderTextReader.Finish(path, tof ? PatternAxis.TofMicroseconds : PatternAxis.TwoThetaDeg, xs, y.ToArray(), es, false,
            wl, tof ? "neutron" : null, prov, title: title);
    }

    private static string Field(string l, int start, int width) => start >= l.Length ? "" : l.Substring(start, Math.Min(width, l.Length - start)).Trim();

    private static int Int(string s, string path, int line) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new NitrolyteFormatException(path, $"'{s}' is not an integer", line + 1);

    private static double Num(string s, string path, int line) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new NitrolyteFormatException(path, $"'{s}' is not a number", line + 1);
}
