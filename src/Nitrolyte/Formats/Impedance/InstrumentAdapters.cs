using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Formats.Gamry;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Thin adapters from the generic instrument readers (BioLogic .mpt/.mpr, Gamry .DTA) to impedance spectra:
/// one spectrum per "z cycle" (or "cycle number") block of a BioLogic file, one per impedance curve of a
/// Gamry file; time stamps from the file's start time plus the first point's time.
/// </summary>
internal static class InstrumentAdapters
{
    public static IReadOnlyList<ImpedanceSpectrum> Read(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext == ".dta" ? FromGamry(GamryReader.Read(path)) : FromBioLogic(BioLogicReader.Read(path));
    }

    public static IReadOnlyList<ImpedanceSpectrum> FromBioLogic(BioLogicFile file)
    {
        var f = file.Find("freq/Hz") ?? throw new NitrolyteFormatException(file.FilePath, "\"freq/Hz\" not found in column headers (not an impedance file?)");
        var re = file.Find("Re(Z)/Ohm") ?? throw new NitrolyteFormatException(file.FilePath, "\"Re(Z)/Ohm\" not found in column headers");
        var im = file.Find("-Im(Z)/Ohm");
        var imPlain = im is null ? file.Find("Im(Z)/Ohm") : null;
        if (im is null && imPlain is null) throw new NitrolyteFormatException(file.FilePath, "\"-Im(Z)/Ohm\" not found in column headers");
        var cycle = file.Find("z cycle") ?? file.Find("cycle number");
        var time = file.Find("time/s");
        int n = file.RowCount;
        var groups = new List<(double Key, List<int> Rows)>();
        for (int i = 0; i < n; i++)
        {
            if (!(f.Values[i] > 0)) continue; // rows without a frequency (e.g. OCV points in a loop)
            double key = cycle?.Values[i] ?? 0;
            bool restart = false;
            if (groups.Count > 0 && groups[^1].Rows.Count >= 2)
            {
                // a new sweep in the same cycle: the frequency jumps back against the sweep direction
                var rows0 = groups[^1].Rows;
                double last = f.Values[rows0[^1]], before = f.Values[rows0[^2]];
                restart = last < before ? f.Values[i] > 1.5 * last : f.Values[i] < last / 1.5;
            }
            if (groups.Count == 0 || groups[^1].Key != key || restart) groups.Add((key, []));
            groups[^1].Rows.Add(i);
        }
        if (groups.Count == 0) throw new NitrolyteFormatException(file.FilePath, "no impedance rows (no positive frequency)");
        var list = new List<ImpedanceSpectrum>();
        int Pos(BioLogicColumn c) => file.Columns.ToList().IndexOf(c) + 1;
        var provenance = ColumnProvenance.Format(("frequency", Pos(f), f.Name, "Hz", 1), ("real", Pos(re), re.Name, "Ohm", 1),
            im is not null ? ("imag", Pos(im), im.Name, "Ohm", -1) : ("imag", Pos(imPlain!), imPlain!.Name, "Ohm", 1));
        foreach (var (key, rows) in groups)
        {
            var z = rows.Select(i => new Complex(re.Values[i], im is not null ? -im.Values[i] : imPlain!.Values[i])).ToArray();
            double? t0 = time?.Values[rows[0]];
            list.Add(new ImpedanceSpectrum(rows.Select(i => f.Values[i]).ToArray(), z, file.FilePath)
            {
                TimeS = t0,
                Timestamp = file.StartTime is { } st && t0 is { } t ? st.AddSeconds(t) : file.StartTime,
                Label = groups.Count > 1 ? $"spectrum {list.Count + 1}" : null,
                Columns = provenance,
            });
        }
        return list;
    }

    public static IReadOnlyList<ImpedanceSpectrum> FromGamry(GamryFile file)
    {
        var list = new List<ImpedanceSpectrum>();
        foreach (var c in file.Curves)
        {
            var f = c.Find("Freq");
            var re = c.Find("Zreal");
            var im = c.Find("Zimag");
            if (f is null || re is null || im is null) continue;
            var time = c.Find("Time");
            var rows = Enumerable.Range(0, c.RowCount).Where(i => f.Values[i] > 0).ToArray();
            if (rows.Length == 0) continue;
            double? t0 = time?.Values[rows[0]];
            var reC = c.Find("ZrealDrCor");
            var imC = c.Find("ZimagDrCor");
            // drift-corrected columns (Gamry's drift correction) give a second spectrum, listed first
            var variants = reC is not null && imC is not null
                ? new[] { (reC, imC, $"{c.Name} (drift-corrected)"), (re, im, $"{c.Name} (uncorrected)") }
                : new[] { (re, im, c.Name) };
            foreach (var (r, x, label) in variants)
                list.Add(new ImpedanceSpectrum(rows.Select(i => f.Values[i]).ToArray(), rows.Select(i => new Complex(r.Values[i], x.Values[i])).ToArray(), file.FilePath)
                {
                    TimeS = t0,
                    Timestamp = file.StartTime is { } st && t0 is { } t ? st.AddSeconds(t) : file.StartTime,
                    Label = label,
                    Columns = ColumnProvenance.Format(("frequency", c.Columns.ToList().IndexOf(f) + 1, f.Name, "Hz", 1),
                        ("real", c.Columns.ToList().IndexOf(r) + 1, r.Name, "Ohm", 1), ("imag", c.Columns.ToList().IndexOf(x) + 1, x.Name, "Ohm", 1)),
                });
        }
        if (list.Count == 0) throw new NitrolyteFormatException(file.FilePath, "no impedance curve (a table with Freq, Zreal and Zimag columns) in this Gamry file");
        return list;
    }
}
