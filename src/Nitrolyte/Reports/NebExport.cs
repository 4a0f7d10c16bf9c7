using System.Globalization;
using System.Text;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Migration;

namespace Nitrolyte.Reports;

/// <summary>
/// The `bvse neb` export (a Migration result written with the Formats writers, so it lives here and Formats does not
/// depend on Migration). Writes NEB start images in VASP's layout: folders 00 .. (N+1) under the output folder, each with a POSCAR
/// (00 = start, N+1 = end, 01..N the images; VASP's IMAGES = N), plus images.extxyz (all images, for ASE),
/// profile.csv (one row per image) and profile_fine.csv (the finely sampled BVSE energy). Every file is written atomically.
/// </summary>
public static class NebWriter
{
    public const string Trajectory = "images.extxyz";
    public const string ProfileCsv = "profile.csv";
    public const string FineCsv = "profile_fine.csv";

    public static IReadOnlyList<string> Write(string directory, NebImages n)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var p = n.Path;
        double e0 = p.Hop.From.EnergyEV;
        for (int k = 0; k < n.Structures.Count; k++)
        {
            var dir = Path.Combine(directory, k.ToString("00", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, "POSCAR");
            PoscarWriter.Write(file, n.Structures[k],
                $"NEB image {k:00}/{n.Structures.Count - 1:00} hop {p.Hop.Number} site {p.Hop.From.SiteId}->{p.Hop.To.SiteId} BVSE E-E(start) {(p.Images[k].EnergyEV - e0).ToString("0.0000", CultureInfo.InvariantCulture)} eV; atom 1 moves");
            written.Add(file);
        }
        var info = p.Images.Select((x, k) => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["image"] = k.ToString(CultureInfo.InvariantCulture),
            ["bvse_energy_ev"] = (x.EnergyEV - e0).ToString("R", CultureInfo.InvariantCulture),
            ["distance_a"] = x.DistanceA.ToString("R", CultureInfo.InvariantCulture),
        }).ToList();
        var traj = Path.Combine(directory, Trajectory);
        ExtendedXyzWriter.Write(traj, n.Structures, info);
        written.Add(traj);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("# BVSE energy at the NEB images; energy_ev relative to the start site (image 00), energy_above_minimum_ev to the global BVSE minimum; frac: unwrapped fractional position in the BVSE cell\n");
        sb.Append("image,distance_a,frac_a,frac_b,frac_c,energy_ev,energy_above_minimum_ev,closest_approach_a\n");
        for (int k = 0; k < p.Images.Count; k++)
        {
            var x = p.Images[k];
            sb.Append(string.Format(inv, "{0:00},{1:0.#####},{2:0.######},{3:0.######},{4:0.######},{5:0.######},{6:0.######},{7:0.####}\n",
                k, x.DistanceA, x.FracA, x.FracB, x.FracC, x.EnergyEV - e0, x.EnergyEV - p.MinimumEV, n.ClosestApproachA[k]));
        }
        var csv = Path.Combine(directory, ProfileCsv);
        Core.AtomicFile.WriteAllText(csv, sb.ToString());
        written.Add(csv);
        sb.Clear();
        sb.Append("# BVSE energy along the steepest-descent grid path of the hop; on_grid_point = 1: a grid point of the path (the grid value), 0: a point between grid points (the BVSE model evaluated there)\n");
        sb.Append("distance_a,frac_a,frac_b,frac_c,energy_ev,energy_above_minimum_ev,on_grid_point\n");
        foreach (var x in p.Fine)
            sb.Append(string.Format(inv, "{0:0.#####},{1:0.######},{2:0.######},{3:0.######},{4:0.######},{5:0.######},{6}\n",
                x.DistanceA, x.FracA, x.FracB, x.FracC, x.EnergyEV - e0, x.EnergyEV - p.MinimumEV, x.OnGridPoint ? 1 : 0));
        var fine = Path.Combine(directory, FineCsv);
        Core.AtomicFile.WriteAllText(fine, sb.ToString());
        written.Add(fine);
        return written;
    }
}
