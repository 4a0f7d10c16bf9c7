using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Ivium .idf (one data set) and .ids (several data sets) files: a Latin-1 key=value header with some binary bytes,
/// then per data set a "primary_data" line, the column count (3), the row count, and rows "Z' Z'' f" (Ohm, Ohm, Hz;
/// Z'' negative for a capacitive arc). One spectrum per "primary_data" block.
/// </summary>
public static class IviumReader
{
    public static IReadOnlyList<ImpedanceSpectrum> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new NitrolyteFormatException(path, "the file is empty");
        var lines = Encoding.Latin1.GetString(bytes).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var result = new List<ImpedanceSpectrum>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Trim().Equals("primary_data", StringComparison.Ordinal)) continue;
            if (i + 2 >= lines.Length || !int.TryParse(lines[i + 1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int cols)
                || !int.TryParse(lines[i + 2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int rows) || cols < 3 || rows < 0)
                throw new NitrolyteFormatException(path, "primary_data must be followed by the column and row counts", i + 2);
            if (rows == 0) continue;
            var f = new double[rows];
            var z = new Complex[rows];
            for (int k = 0; k < rows; k++)
            {
                int ln = i + 3 + k;
                if (ln >= lines.Length)
                    throw new NitrolyteFormatException(path, $"truncated: {rows} points announced, data ends at point {k + 1}", lines.Length);
                var cells = lines[ln].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (cells.Length < 3)
                    throw new NitrolyteFormatException(path, $"expected {cols} columns (Z', Z'', f), found {cells.Length} (truncated row?)", ln + 1);
                var v = new double[3];
                for (int c = 0; c < 3; c++)
                    if (!ImpedanceTextReader.TryNumber(cells[c], out v[c]))
                        throw new NitrolyteFormatException(path, $"column {c + 1} holds '{cells[c]}', which is not a number", ln + 1);
                if (!(v[2] > 0) || !double.IsFinite(v[2])) throw new NitrolyteFormatException(path, $"negative or invalid frequency {cells[2]}", ln + 1);
                if (!double.IsFinite(v[0]) || !double.IsFinite(v[1])) throw new NitrolyteFormatException(path, "impedance is not a finite number", ln + 1);
                f[k] = v[2];
                z[k] = new Complex(v[0], v[1]);
            }
            result.Add(new ImpedanceSpectrum(f, z, path) { Label = result.Count == 0 ? null : $"data set {result.Count + 1}" });
            i += 2 + rows;
        }
        if (result.Count == 0) throw new NitrolyteFormatException(path, "no 'primary_data' block with impedance points (not an Ivium .idf/.ids file?)");
        return result;
    }
}
