using System.Globalization;
using System.Text;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Writes ordered structures as an extended XYZ trajectory (ASE convention, read by ase.io.read(..., index=':') and by
/// <see cref="ExtendedXyzReader"/>): per frame the atom count, a comment line with Lattice="...",
/// Properties=species:S:1:pos:R:3, pbc="T T T" and optional extra key=value pairs, then species and Cartesian
/// positions in Å.
/// </summary>
public static class ExtendedXyzWriter
{
    public static string ToText(IReadOnlyList<Structure> frames, IReadOnlyList<IReadOnlyDictionary<string, string>>? info = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (int f = 0; f < frames.Count; f++)
        {
            var s = frames[f];
            if (!s.IsOrdered) throw new Core.NitrolyteInputException("extended XYZ holds only ordered structures; order the partially occupied sites first (nitrolyte order)");
            var m = s.Lattice.Matrix;
            sb.Append(s.Sites.Count.ToString(inv)).Append('\n');
            sb.Append("Lattice=\"").Append(string.Join(" ", new[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2] }
                .Select(v => (Math.Abs(v) < 1e-12 ? 0 : v).ToString("0.############", inv)))).Append("\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"");
            if (info is not null && f < info.Count)
                foreach (var (k, v) in info[f])
                {
                    if (k.Any(c => char.IsWhiteSpace(c) || c == '=' || c == '"')) throw new ArgumentException($"bad extended XYZ key '{k}'");
                    sb.Append(' ').Append(k).Append('=').Append(v.Any(char.IsWhiteSpace) ? $"\"{v.Replace("\"", "'")}\"" : v);
                }
            sb.Append('\n');
            foreach (var site in s.Sites)
            {
                var (x, y, z) = s.Lattice.ToCartesian(site.FracA, site.FracB, site.FracC);
                sb.Append(string.Format(inv, "{0,-3} {1,18:F10} {2,18:F10} {3,18:F10}\n", site.Species[0].Element, x, y, z));
            }
        }
        return sb.ToString();
    }

    public static void Write(string path, IReadOnlyList<Structure> frames, IReadOnlyList<IReadOnlyDictionary<string, string>>? info = null) =>
        Core.AtomicFile.WriteAllText(path, ToText(frames, info));
}
