using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Reads impedance tables from text exports by sniffing the header: CSV/TSV/whitespace tables (with or without a
/// header), ZPlot/ZView .z (ZPLOT2 ASCII, with or without a comments block), Autolab/Z60W .txt, Novocontrol-style
/// text (EISFitpython: "Freq.[Hz]  Zs'[ohm]  Zs''[ohm]"), Parstat (DC rows with f = 0 dropped), VersaStudio .par
/// (segment "Definition=" header), PowerSuite, CH Instruments, and simple count-prefixed layouts (.i2b, .P00).
/// Recognised columns: frequency; Z' ; Z'' or -Z'' (also Zre/Zim, Re(Z)/-Im(Z), Zreal/Zimag, Z Real/Z Imag);
/// or |Z| with phase (degrees unless the header says rad). Without a header the columns are f, Z', Z''.
/// </summary>
public static class ImpedanceTextReader
{
    private enum Kind { None, Freq, Real, Imag, NegImag, Modulus, PhaseDeg, PhaseRad }

    private sealed record Columns(int F, int Re, int Im, bool NegIm, int Mod, int Ph, bool PhRad)
    {
        public int Needed => new[] { F, Re, Im, Mod, Ph }.Max() + 1;
        public bool Cartesian => Re >= 0 && Im >= 0;
    }

    public static string[] ReadLines(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new NitrolyteFormatException(path, "the file is empty");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(bytes); }
        text = text.TrimStart('\uFEFF');
        if (text.Contains('\0')) throw new NitrolyteFormatException(path, "binary data, not a text impedance export");
        return text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
    }

    public static ImpedanceSpectrum Read(string path) => Parse(path, ReadLines(path));

    public static ImpedanceSpectrum Parse(string path, string[] lines)
    {
        if (lines.All(string.IsNullOrWhiteSpace)) throw new NitrolyteFormatException(path, "the file is empty");
        bool zplot = lines[0].Contains("ZPLOT", StringComparison.OrdinalIgnoreCase) || lines[0].Contains("ZPlotW", StringComparison.OrdinalIgnoreCase);
        // 1. find a header line naming a frequency column and impedance columns
        Columns? cols = null;
        int headerLine = -1;
        for (int i = 0; i < lines.Length && cols is null; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.StartsWith("Definition=", StringComparison.OrdinalIgnoreCase)) line = line["Definition=".Length..];
            var c = TryHeader(line);
            if (c is not null) { cols = c; headerLine = i; }
        }
        int start = headerLine + 1;
        if (zplot)
        {
            int end = Array.FindIndex(lines, l => l.Trim().Equals("End Comments", StringComparison.OrdinalIgnoreCase));
            if (end >= 0 && end + 1 > start) start = end + 1;
            cols ??= new Columns(0, 4, 5, false, -1, -1, false);
        }
        if (cols is null)
        {
            // a header that names columns we do not recognise is an error, not a silent guess
            int firstText = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
            var firstCells = SplitCells(lines[firstText]);
            bool looksLikeHeader = firstCells.Length >= 3 && firstCells.Count(c => !TryNumber(c, out _)) >= 2
                && Array.FindIndex(lines, l => IsNumericRow(l, 3)) is int k && k == NextNonBlank(lines, firstText + 1);
            if (looksLikeHeader)
                throw new NitrolyteFormatException(path, $"no frequency and impedance columns recognised in header '{lines[firstText].Trim()}' (expected e.g. f, Z', Z'' or freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm)", firstText + 1);
            cols = new Columns(0, 1, 2, false, -1, -1, false);
            start = 0;
        }

        // 2. skip to the first data row (count lines such as "29", "End Comments", blank lines)
        int needed = cols.Needed;
        int first = -1;
        for (int i = start; i < lines.Length; i++)
        {
            var cells = SplitCells(lines[i]);
            if (cells.Length == 0) continue;
            if (!TryNumber(cells[0], out _)) { if (headerLine >= 0 && i > headerLine + 3 && !zplot) break; continue; }
            if (cells.Length == 1) continue; // a point count
            first = i;
            break;
        }
        if (first < 0)
            throw new NitrolyteFormatException(path, headerLine >= 0 ? "a header but no data rows" : "no numeric data rows found", headerLine >= 0 ? headerLine + 1 : null);

        var f = new List<double>();
        var z = new List<Complex>();
        int dcRows = 0;
        for (int i = first; i < lines.Length; i++)
        {
            var cells = SplitCells(lines[i]);
            if (cells.Length == 0) continue;
            if (!TryNumber(cells[0], out _))
            {
                int next = NextNonBlank(lines, i + 1);
                if (next >= 0 && IsNumericRow(lines[next], needed))
                    throw new NitrolyteFormatException(path, $"'{cells[0]}' is not a number", i + 1);
                break;
            }
            if (cells.Length < needed)
                throw new NitrolyteFormatException(path, $"expected at least {needed} columns, found {cells.Length} (truncated row?)", i + 1);
            var v = new double[needed];
            for (int c = 0; c < needed; c++)
            {
                if (!TryNumber(cells[c], out v[c]))
                    throw new NitrolyteFormatException(path, $"column {c + 1} holds '{cells[c]}', which is not a number", i + 1);
            }
            double freq = v[cols.F];
            if (freq < 0 || !double.IsFinite(freq)) throw new NitrolyteFormatException(path, $"negative or invalid frequency {cells[cols.F]}", i + 1);
            if (freq == 0) { dcRows++; continue; } // DC part of a combined export (Parstat)
            Complex zi;
            if (cols.Cartesian) zi = new Complex(v[cols.Re], cols.NegIm ? -v[cols.Im] : v[cols.Im]);
            else
            {
                double ph = cols.PhRad ? v[cols.Ph] : v[cols.Ph] * Math.PI / 180;
                zi = Complex.FromPolarCoordinates(v[cols.Mod], ph);
            }
            if (!double.IsFinite(zi.Real) || !double.IsFinite(zi.Imaginary))
                throw new NitrolyteFormatException(path, "impedance is not a finite number", i + 1);
            f.Add(freq);
            z.Add(zi);
        }
        if (f.Count == 0)
            throw new NitrolyteFormatException(path, dcRows > 0 ? "only rows with zero frequency (no impedance data)" : "a header but no data rows");
        return new ImpedanceSpectrum(f.ToArray(), z.ToArray(), path);
    }

    private static int NextNonBlank(string[] lines, int from)
    {
        for (int i = from; i < lines.Length; i++) if (!string.IsNullOrWhiteSpace(lines[i])) return i;
        return -1;
    }

    private static bool IsNumericRow(string line, int needed)
    {
        var cells = SplitCells(line);
        return cells.Length >= needed && cells.Take(needed).All(c => TryNumber(c, out _));
    }

    private static Columns? TryHeader(string line)
    {
        var cells = SplitHeader(line);
        if (cells.Length < 2) return null;
        int f = -1, re = -1, im = -1, mod = -1, ph = -1;
        bool neg = false, rad = false;
        for (int i = 0; i < cells.Length; i++)
        {
            var k = Classify(cells[i]);
            switch (k)
            {
                case Kind.Freq when f < 0: f = i; break;
                case Kind.Real when re < 0: re = i; break;
                case Kind.Imag when im < 0: im = i; break;
                case Kind.NegImag when im < 0: im = i; neg = true; break;
                case Kind.Modulus when mod < 0: mod = i; break;
                case Kind.PhaseDeg when ph < 0: ph = i; break;
                case Kind.PhaseRad when ph < 0: ph = i; rad = true; break;
            }
        }
        if (f < 0) return null;
        if (re >= 0 && im >= 0) return new Columns(f, re, im, neg, -1, -1, false);
        if (mod >= 0 && ph >= 0) return new Columns(f, -1, -1, false, mod, ph, rad);
        return null;
    }

    private static Kind Classify(string raw)
    {
        var s = raw.Trim();
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"') s = s[1..^1];
        s = s.ToLowerInvariant().Replace(" ", "").Replace("\u2019", "'").Replace("\u2032", "'").Replace("\u2033", "''");
        // strip a unit in brackets or after '/': "freq/hz", "zs'[ohm]", "z'(a)" keep the core
        string core = s;
        int cut = core.IndexOfAny(['/', '[', '(']);
        string unit = "";
        if (cut > 0 && !core.StartsWith("re(") && !core.StartsWith("im(") && !core.StartsWith("-im(") && !core.StartsWith("phase(")) { unit = core[cut..]; core = core[..cut]; }
        else if (cut > 0) { int slash = core.IndexOf('/'); if (slash > 0) { unit = core[slash..]; core = core[..slash]; } }
        core = core.TrimEnd('.', ':', '_');
        bool negative = core.StartsWith('-');
        if (negative) core = core[1..];
        core = core.Replace("\"", "''");
        if (core is "f" or "freq" or "frequency" or "freq." or "fre" or "frequencies" || core.StartsWith("freq")) return Kind.Freq;
        if (core is "z''" or "zs''" or "zim" or "zimag" or "zimg" or "imag" or "im(z)" or "z_imag" or "zimaginary" or "zi" or "imz" or "z''(b)" or "im")
            return negative ? Kind.NegImag : Kind.Imag;
        if (core is "z'" or "zs'" or "zre" or "zreal" or "real" or "re(z)" or "z_real" or "zr" or "rez" or "re")
            return Kind.Real;
        if (core is "|z|" or "zmod" or "z" or "mod" or "modulus" or "abs(z)" or "|zs|") return Kind.Modulus;
        if (core.StartsWith("phase") || core is "zphz" or "phz" or "phi" or "theta")
            return unit.Contains("rad") ? Kind.PhaseRad : Kind.PhaseDeg;
        return Kind.None;
    }

    private static string[] SplitHeader(string line)
    {
        if (line.Contains('\t')) return line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
        if (line.Contains(';')) return line.Split(';', StringSplitOptions.TrimEntries);
        if (line.Contains(',')) return line.Split(',', StringSplitOptions.TrimEntries);
        var t = line.Trim().Trim('"');
        if (t.Contains("  ")) return t.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Splits a data row: tabs or semicolons (then commas are decimal commas), else commas, else whitespace.</summary>
    internal static string[] SplitCells(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return [];
        if (line.Contains('\t') || line.Contains(';'))
            return line.Split(['\t', ';'], StringSplitOptions.TrimEntries).Where(c => c.Length > 0).Select(c => c.Replace(',', '.')).ToArray();
        if (line.Contains(','))
            return line.Split(',', StringSplitOptions.TrimEntries);
        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    internal static bool TryNumber(string cell, out double value) => DelimitedTable.TryNumber(cell, out value);
}
