using System.Globalization;
using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Entry point for impedance files: picks the reader by extension and content and returns
/// <see cref="ImpedanceSpectrum"/> records (several for files holding several spectra).
/// </summary>
public static class ImpedanceReader
{
    /// <summary>Every spectrum in the file (BioLogic/Gamry files may hold several; text files hold one).
    /// <paramref name="columns"/> (<c>--columns</c>) names the columns of a text table; instrument formats whose
    /// columns the format fixes refuse it.</summary>
    public static IReadOnlyList<ImpedanceSpectrum> ReadAll(string path, ColumnSpec? columns = null)
    {
        if (Directory.Exists(path)) throw new NitrolyteFormatException(path, "is a directory, not an impedance file");
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        void NoColumns(string format)
        {
            if (columns is not null)
                throw new NitrolyteInputException($"{path}: --columns applies to text tables (CSV/TXT); a {format} file's columns are fixed by its format");
        }
        switch (ext)
        {
            case ".mpt":
            case ".mpr":
            case ".dta":
                NoColumns(ext == ".dta" ? "Gamry .DTA" : "BioLogic " + ext);
                return InstrumentAdapters.Read(path);
            case ".idf":
            case ".ids":
                NoColumns("Ivium " + ext);
                return IviumReader.Read(path);
        }
        if (Maccor.MaccorEisReader.LooksLikeMaccorEis(path))
        {
            NoColumns("Maccor AC impedance");
            return [Maccor.MaccorEisReader.Read(path)];
        }
        var lines = ImpedanceTextReader.ReadLines(path);
        if (ext == ".dfr" || lines[0].TrimStart().StartsWith("VERSION", StringComparison.OrdinalIgnoreCase))
        {
            NoColumns("Autolab .dfr");
            return [ReadDfr(path, lines)];
        }
        return [ImpedanceTextReader.Parse(path, lines, columns)];
    }

    /// <summary>The single spectrum of a file; for files with several, the first (use <see cref="ReadAll"/> for all).</summary>
    public static ImpedanceSpectrum Read(string path, ColumnSpec? columns = null) => ReadAll(path, columns)[0];

    /// <summary>
    /// Autolab/FRA .dfr: "VERSION..." line, the point count, one more header value, then per point 9 values, one per
    /// line: f (Hz), Z' (Ohm), -Z'' (Ohm) and six auxiliary values.
    /// </summary>
    public static ImpedanceSpectrum ReadDfr(string path, string[] lines)
    {
        if (!lines[0].TrimStart().StartsWith("VERSION", StringComparison.OrdinalIgnoreCase))
            throw new NitrolyteFormatException(path, "a .dfr file starts with a VERSION line", 1);
        if (lines.Length < 3 || !int.TryParse(lines[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n <= 0)
            throw new NitrolyteFormatException(path, "line 2 must hold the number of points", 2);
        const int perPoint = 9;
        var f = new double[n];
        var z = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            int baseLine = 3 + k * perPoint;
            if (baseLine + 2 >= lines.Length)
                throw new NitrolyteFormatException(path, $"truncated: {n} points announced, data ends at point {k + 1}", lines.Length);
            double[] v = new double[3];
            for (int j = 0; j < 3; j++)
                if (!ImpedanceTextReader.TryNumber(lines[baseLine + j], out v[j]))
                    throw new NitrolyteFormatException(path, $"'{lines[baseLine + j].Trim()}' is not a number", baseLine + j + 1);
            if (!(v[0] > 0)) throw new NitrolyteFormatException(path, $"negative or zero frequency {v[0]}", baseLine + 1);
            f[k] = v[0];
            z[k] = new Complex(v[1], -v[2]);
        }
        return new ImpedanceSpectrum(f, z, path)
        {
            Columns = ColumnProvenance.Format(("frequency", 1, "f", "Hz", 1), ("real", 2, "Z'", "Ohm", 1), ("imag", 3, "-Z''", "Ohm", -1)),
        };
    }
}
