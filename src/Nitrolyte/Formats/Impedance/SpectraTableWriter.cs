using System.Globalization;
using System.Text;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// The impedance rows of an instrument file as a flat table beside a BDF file (BDF has no impedance schema yet):
/// <c>Spectrum / 1</c> (1-based, in file order), <c>Cycle Count / 1</c> (EC-Lab "z cycle" or "cycle number" at the
/// spectrum's first row, when the file has one), <c>Test Time / s</c> (the spectrum's first row, when known),
/// <c>Frequency / Hz</c>, <c>Real Impedance / Ohm</c>, <c>Imaginary Impedance / Ohm</c> (Z'' as measured: negative for a
/// capacitive arc; EC-Lab's -Im(Z) column is negated back). One row per frequency.
/// </summary>
public static class SpectraTableWriter
{
    public static readonly string[] Columns =
        ["Spectrum / 1", "Cycle Count / 1", "Test Time / s", "Frequency / Hz", "Real Impedance / Ohm", "Imaginary Impedance / Ohm"];

    /// <summary>The spectra of a BioLogic, Gamry or Maccor AC impedance file, or an empty list when it holds no impedance rows.</summary>
    public static IReadOnlyList<(ImpedanceSpectrum Spectrum, int? Cycle)> Read(string path, InstrumentFormat kind)
    {
        if (kind is InstrumentFormat.BioLogicMpt)
        {
            // a text export is probed for impedance rows with its frequency column alone: a 1 GB cycling file is not
            // read whole (all its columns) only to find it has none
            var probe = BioLogicReader.ReadMpt(path, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "freq/Hz" }).Find("freq/Hz");
            if (probe is null || !probe.Values.Any(x => x > 0)) return [];
        }
        if (kind is InstrumentFormat.BioLogicMpr or InstrumentFormat.BioLogicMpt)
        {
            var f = BioLogicReader.Read(path);
            var freq = f.Find("freq/Hz");
            if (freq is null || !freq.Values.Any(x => x > 0)) return [];
            var spectra = InstrumentAdapters.FromBioLogic(f);
            var time = f.Find("time/s")?.Values;
            var cyc = (f.Find("z cycle") ?? f.Find("cycle number"))?.Values;
            return spectra.Select(s =>
            {
                int? c = null;
                if (cyc is not null && time is not null && s.TimeS is { } t0)
                {
                    int row = Array.FindIndex(time, x => x == t0);
                    if (row >= 0 && freq.Values[row] > 0) c = (int)Math.Round(cyc[row]);
                }
                return (s, c);
            }).ToList();
        }
        if (kind is InstrumentFormat.Csv && Maccor.MaccorEisReader.LooksLikeMaccorEis(path))
            return [(Maccor.MaccorEisReader.Read(path), (int?)null)];
        if (kind is InstrumentFormat.Maccor or InstrumentFormat.Csv)
        {
            // a Maccor test's FRA steps: MIMS writes each spectrum beside the test's export as name.EDA0001.041, ...
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var pattern = Path.GetFileNameWithoutExtension(path) + ".EDA*" + Path.GetExtension(path);
            return Directory.EnumerateFiles(dir, pattern).Order(StringComparer.Ordinal)
                .Where(Maccor.MaccorEisReader.LooksLikeMaccorEis)
                .Select(f => (Maccor.MaccorEisReader.Read(f), (int?)null)).ToList();
        }
        if (kind is InstrumentFormat.Gamry)
        {
            var g = Gamry.GamryReader.Read(path);
            if (!g.Curves.Any(c => c.Name == "ZCURVE")) return [];
            return InstrumentAdapters.FromGamry(g).Select(s => (s, (int?)null)).ToList();
        }
        return [];
    }

    public static void Write(IReadOnlyList<(ImpedanceSpectrum Spectrum, int? Cycle)> spectra, TextWriter w)
    {
        w.Write(string.Join(',', Columns));
        w.Write('\n');
        var sb = new StringBuilder(128);
        for (int k = 0; k < spectra.Count; k++)
        {
            var (s, c) = spectra[k];
            for (int i = 0; i < s.FrequenciesHz.Length; i++)
            {
                sb.Clear();
                sb.Append((k + 1).ToString(CultureInfo.InvariantCulture)).Append(',');
                if (c is { } cc) sb.Append(cc.ToString(CultureInfo.InvariantCulture));
                sb.Append(',');
                if (s.TimeS is { } t) sb.Append(t.ToString("R", CultureInfo.InvariantCulture));
                sb.Append(',').Append(s.FrequenciesHz[i].ToString("R", CultureInfo.InvariantCulture));
                sb.Append(',').Append(s.Z[i].Real.ToString("R", CultureInfo.InvariantCulture));
                sb.Append(',').Append(s.Z[i].Imaginary.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                w.Write(sb);
            }
        }
    }

    /// <summary>"out/cell.bdf.csv" (or "cell.bdf.parquet") -> "out/cell.bdf.impedance.csv".</summary>
    public static string PathFor(string bdfPath)
    {
        var dir = Path.GetDirectoryName(bdfPath);
        var name = Path.GetFileName(bdfPath);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) name = name[..^4];
        else if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) name = name[..^8];
        return string.IsNullOrEmpty(dir) ? name + ".impedance.csv" : Path.Combine(dir, name + ".impedance.csv");
    }
}
