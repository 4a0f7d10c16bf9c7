using System.Globalization;
using System.IO.Compression;
using System.Text;
using Nitrolyte.Dynamics;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>Writes a constant-cell VASP 5 XDATCAR (gzipped when the name ends in .gz), atomically.</summary>
public static class XdatcarWriter
{
    public static void Write(string path, ITrajectorySource source, string title, int decimals = 6)
    {
        Core.AtomicFile.Write(path, (Stream stream) =>
        {
            Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true) : stream;
            using (var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                var species = source.Species;
                var groups = new List<(string El, int Count)>();
                foreach (var sp in species)
                    if (groups.Count > 0 && groups[^1].El == sp) groups[^1] = (sp, groups[^1].Count + 1);
                    else groups.Add((sp, 1));
                if (groups.Select(g => g.El).Distinct().Count() != groups.Count)
                    throw new Core.NitrolyteInputException("XDATCAR needs the atoms grouped by species");
                string fmt = "0." + new string('0', decimals);
                bool header = false;
                int k = 0;
                foreach (var f in source.Frames())
                {
                    if (!header)
                    {
                        w.Write(title.ReplaceLineEndings(" ")); w.Write('\n');
                        w.Write("1.0\n");
                        for (int i = 0; i < 3; i++)
                            w.Write(string.Create(CultureInfo.InvariantCulture, $"  {f.Lattice.At(i, 0):0.000000}  {f.Lattice.At(i, 1):0.000000}  {f.Lattice.At(i, 2):0.000000}\n"));
                        w.Write(string.Join(" ", groups.Select(g => g.El))); w.Write('\n');
                        w.Write(string.Join(" ", groups.Select(g => g.Count))); w.Write('\n');
                        header = true;
                    }
                    w.Write($"Direct configuration= {++k}\n");
                    for (int i = 0; i < f.AtomCount; i++)
                    {
                        w.Write(f.Frac[3 * i].ToString(fmt, CultureInfo.InvariantCulture)); w.Write(' ');
                        w.Write(f.Frac[3 * i + 1].ToString(fmt, CultureInfo.InvariantCulture)); w.Write(' ');
                        w.Write(f.Frac[3 * i + 2].ToString(fmt, CultureInfo.InvariantCulture)); w.Write('\n');
                    }
                }
            }
            if (!ReferenceEquals(s, stream)) s.Dispose();
        });
    }
}
