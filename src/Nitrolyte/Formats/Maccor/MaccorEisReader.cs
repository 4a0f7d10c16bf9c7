using System.Globalization;
using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Maccor;

/// <summary>
/// Maccor AC impedance exports (the FRA/EIS steps of a Maccor test, written by MIMS beside the test's own export as
/// <c>name.EDA0001.041</c>, <c>name.EDA0002.041</c>, ... one file per impedance step). Layout, as in the public sample of
/// TRI's beep project (tests/Nitrolyte.Tests/TestData/vendor/beep/): the banner <c>MACCOR, INC.  AC Impedance Test</c>,
/// <c>Frequency Sweep: ...</c>, the procedure, the file name, <c>Start Date: Wednesday, November 2, 2016 Start Time: 15:58</c>,
/// a line of instrument settings, then the tab-separated header <c>Freq(Hz) Polar(V) time(sec) Z'(a) Z''(b)
/// Phase_Angle Z-Mag C(F) Status ... V-DC ...</c> and one row per frequency (cells may be empty).
/// <para>Z' and Z'' are in Ω and Z'' is the imaginary part as measured (negative for a capacitive arc): the reader
/// checks this against the file's own Phase_Angle (degrees) and Z-Mag columns and refuses a file where they disagree
/// (a spectrum written with −Z'' would have the opposite phase), so no sign is assumed.</para>
/// </summary>
public static class MaccorEisReader
{
    private const string Banner = "MACCOR, INC.";

    /// <summary>The first line is Maccor's AC impedance banner.</summary>
    public static bool LooksLikeMaccorEis(string path)
    {
        try
        {
            using var r = new StreamReader(path, System.Text.Encoding.Latin1);
            var first = r.ReadLine();
            return first is not null && first.StartsWith(Banner, StringComparison.OrdinalIgnoreCase) && first.Contains("Impedance", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException) { return false; }
    }

    public static ImpedanceSpectrum Read(string path)
    {
        var lines = File.ReadAllLines(path, System.Text.Encoding.Latin1);
        if (lines.Length == 0 || !lines[0].StartsWith(Banner, StringComparison.OrdinalIgnoreCase))
            throw new NitrolyteFormatException(path, "not a Maccor AC impedance export (no 'MACCOR, INC. AC Impedance Test' banner)", 1);
        int h = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Freq(Hz)", StringComparison.OrdinalIgnoreCase));
        if (h < 0) throw new NitrolyteFormatException(path, "no 'Freq(Hz)' header line (a Maccor AC impedance export names Freq(Hz), Z'(a), Z''(b), Phase_Angle, Z-Mag)");
        var header = lines[h].Split('\t').Select(x => x.Trim()).ToArray();
        int Col(string name, bool required)
        {
            int k = Array.FindIndex(header, x => x.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (k < 0 && required) throw new NitrolyteFormatException(path, $"no '{name}' column among: {string.Join(", ", header.Where(x => x.Length > 0))}", h + 1);
            return k;
        }
        int iF = Col("Freq(Hz)", true), iRe = Col("Z'(a)", true), iIm = Col("Z''(b)", true), iPh = Col("Phase_Angle", false), iMod = Col("Z-Mag", false), iT = Col("time(sec)", false);
        var f = new List<double>(); var z = new List<Complex>(); var ph = new List<double>(); var mod = new List<double>(); double? t0 = null;
        for (int i = h + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var c = lines[i].Split('\t');
            double Cell(int k, bool required)
            {
                if (k >= 0 && k < c.Length && double.TryParse(c[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return x;
                if (required) throw new NitrolyteFormatException(path, $"column '{header[k]}' holds '{(k < c.Length ? c[k].Trim() : "")}', which is not a number", i + 1);
                return double.NaN;
            }
            f.Add(Cell(iF, true));
            z.Add(new Complex(Cell(iRe, true), Cell(iIm, true)));
            ph.Add(Cell(iPh, false));
            mod.Add(Cell(iMod, false));
            if (t0 is null && iT >= 0 && Cell(iT, false) is var tt && double.IsFinite(tt)) t0 = tt;
        }
        if (f.Count == 0) throw new NitrolyteFormatException(path, "a header but no impedance rows", h + 1);
        // the sign of Z'' from the file's own phase column: atan2(Z'', Z') must be the stated phase (degrees)
        int checkedRows = 0, agree = 0;
        for (int k = 0; k < f.Count; k++)
        {
            if (!double.IsFinite(ph[k]) || z[k].Magnitude == 0) continue;
            checkedRows++;
            double phase = Math.Atan2(z[k].Imaginary, z[k].Real) * 180 / Math.PI;
            if (Math.Abs(phase - ph[k]) < 0.5 && (!double.IsFinite(mod[k]) || Math.Abs(z[k].Magnitude / mod[k] - 1) < 1e-3)) agree++;
        }
        if (checkedRows > 0 && agree < 0.9 * checkedRows)
            throw new NitrolyteFormatException(path, $"Z'(a), Z''(b) disagree with the file's Phase_Angle/Z-Mag at {checkedRows - agree} of {checkedRows} rows: the sign or unit of the impedance columns is not the one this reader knows (Ω, Z'' as measured)");
        DateTimeOffset? start = null;
        var dateLine = lines.Take(h).FirstOrDefault(l => l.Contains("Start Date:", StringComparison.OrdinalIgnoreCase));
        if (dateLine is not null)
        {
            var s = dateLine[(dateLine.IndexOf("Start Date:", StringComparison.OrdinalIgnoreCase) + 11)..];
            var parts = s.Split("Start Time:", StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && DateTime.TryParseExact(parts[0] + " " + parts[1], ["dddd, MMMM d, yyyy H:mm", "dddd, MMMM d, yyyy H:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d))
                start = new DateTimeOffset(d, TimeSpan.Zero);
        }
        return new ImpedanceSpectrum(f.ToArray(), z.ToArray(), path)
        {
            Timestamp = start,
            TimeS = t0,
            Label = Path.GetFileName(path),
            Columns = ColumnProvenance.Format(("frequency", iF + 1, "Freq(Hz)", "Hz", 1), ("real", iRe + 1, "Z'(a)", "Ohm", 1), ("imag", iIm + 1, "Z''(b)", "Ohm", 1)),
        };
    }
}
