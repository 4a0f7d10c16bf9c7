using System.Text.Json.Nodes;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Migration;
using Nitrolyte.Reports;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Migration;

/// <summary>NEB start-up from BVSE paths: hop listing, resampling on the path, supercell, VASP layout, round trips.</summary>
public class BvseNebTests(ITestOutputHelper output)
{
    private static readonly Lazy<BvseResult> Li2S = new(() => BvseAnalysis.Run(ReferenceStructures.Li2S(), new BvseOptions { GridSpacingA = 0.25 }));
    private static readonly Lazy<BvseResult> Li3N = new(() => BvseAnalysis.Run(ReferenceStructures.AlphaLi3N(), new BvseOptions { GridSpacingA = 0.25 }));

    /// <summary>Shortest distance (Å) from a point to the polyline through the path's grid points (unwrapped fractions).</summary>
    private static double DistanceToPolyline(Lattice l, IReadOnlyList<PathPoint> pts, int from, int to, double fa, double fb, double fc)
    {
        double best = double.PositiveInfinity;
        var p = l.ToCartesian(fa, fb, fc);
        for (int k = from; k < to; k++)
        {
            var a = l.ToCartesian(pts[k].FracA, pts[k].FracB, pts[k].FracC);
            var b = l.ToCartesian(pts[k + 1].FracA, pts[k + 1].FracB, pts[k + 1].FracC);
            double dx = b.X - a.X, dy = b.Y - a.Y, dz = b.Z - a.Z, len2 = dx * dx + dy * dy + dz * dz;
            double t = len2 > 0 ? Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy + (p.Z - a.Z) * dz) / len2, 0, 1) : 0;
            double ex = a.X + t * dx - p.X, ey = a.Y + t * dy - p.Y, ez = a.Z + t * dz - p.Z;
            best = Math.Min(best, Math.Sqrt(ex * ex + ey * ey + ez * ez));
        }
        return best;
    }

    [Fact]
    public void HopsAreTheConsecutiveReportedSitesOfTheMinimaxPathsWithTheirSaddles()
    {
        foreach (var r in new[] { Li2S.Value, Li3N.Value })
        {
            var hops = BvseHops.List(r);
            Assert.NotEmpty(hops);
            Assert.Equal(Enumerable.Range(1, hops.Count), hops.Select(h => h.Number));
            foreach (var h in hops)
            {
                var sites = r.ReportedPathSites(r.Pathways.Paths[h.PathIndex]);
                Assert.Equal(sites[h.FromIndex], h.From);
                Assert.Equal(sites[h.FromIndex + 1], h.To);
                // the hop's saddle is the saddle the path reports between these two sites
                Assert.Equal(sites[h.FromIndex].SaddleToNextEV!.Value, h.SaddleEV, 12);
                // endpoints are BVSE sites (local minima of the landscape), possibly in a neighbouring cell
                foreach (var s in new[] { h.From, h.To })
                {
                    var site = r.Pathways.Sites[s.SiteId];
                    Assert.Equal(site.EnergyEV, s.EnergyEV, 12);
                    foreach (var (x, y) in new[] { (s.FracA, site.FracA), (s.FracB, site.FracB), (s.FracC, site.FracC) })
                        Assert.Equal(0, x - y - Math.Round(x - y), 9);
                }
            }
            // --hops 2: two consecutive hops of one path, over the higher of their two saddles
            var two = hops.First(h => h.FromIndex + 2 < r.ReportedPathSites(r.Pathways.Paths[h.PathIndex]).Count);
            var sites2 = r.ReportedPathSites(r.Pathways.Paths[two.PathIndex]);
            var span = BvseHops.Span(r, two.PathIndex, two.FromIndex, 2, two.Number);
            Assert.Equal(sites2[two.FromIndex + 2], span.To);
            Assert.Equal(Math.Max(sites2[two.FromIndex].SaddleToNextEV!.Value, sites2[two.FromIndex + 1].SaddleToNextEV!.Value), span.SaddleEV, 12);
            var nebSpan = NebPathBuilder.Build(r, span, 9);
            Assert.Equal((span.To.FracA, span.To.FracB, span.To.FracC), (nebSpan.Images[^1].FracA, nebSpan.Images[^1].FracB, nebSpan.Images[^1].FracC));
            Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => BvseHops.Span(r, two.PathIndex, two.FromIndex, sites2.Count, two.Number));
            // the highest hop barrier above the global minimum along the 3D path is the 3D percolation barrier
            var p3 = hops.Where(h => h.Dimensions.Contains(3)).Max(h => h.SaddleEV) - r.MinimumEV;
            Assert.Equal(r.Barrier3DEV!.Value, p3, 9);
        }
    }

    [Fact]
    public void ImagesLieOnTheMinimaxPathAtEqualArcLengthAndTheProfileMaximumIsTheBarrier()
    {
        foreach (var r in new[] { Li2S.Value, Li3N.Value })
            foreach (var hop in BvseHops.List(r))
                foreach (var reverse in new[] { false, true })
                {
                    const int n = 7;
                    var neb = NebPathBuilder.Build(r, hop, n, reverse);
                    var prof = r.Pathways.Paths[hop.PathIndex].Profile;
                    Assert.Equal(n + 2, neb.Images.Count);
                    var (from, to) = reverse ? (hop.To, hop.From) : (hop.From, hop.To);
                    // endpoints are the BVSE sites, exactly
                    Assert.Equal((from.FracA, from.FracB, from.FracC), (neb.Images[0].FracA, neb.Images[0].FracB, neb.Images[0].FracC));
                    Assert.Equal((to.FracA, to.FracB, to.FracC), (neb.Images[^1].FracA, neb.Images[^1].FracB, neb.Images[^1].FracC));
                    Assert.Equal(from.EnergyEV, neb.Images[0].EnergyEV, 12);
                    // equal arc length, the path length being the grid path's, not the straight line's
                    Assert.Equal(prof[hop.ProfileEnd].DistanceA - prof[hop.ProfileStart].DistanceA, neb.LengthA, 9);
                    Assert.True(neb.LengthA >= hop.StraightLengthA - 1e-9);
                    for (int k = 0; k < neb.Images.Count; k++)
                    {
                        var im = neb.Images[k];
                        Assert.Equal(neb.LengthA * k / (n + 1), im.DistanceA, 9);
                        // on the grid polyline (independently measured), so within a grid step of the valley floor
                        Assert.True(DistanceToPolyline(r.Grid.Lattice, prof, hop.ProfileStart, hop.ProfileEnd, im.FracA, im.FracB, im.FracC) < 1e-9, $"image {k} off the path");
                        // the energy is the BVSE model at that point
                        var c = r.Grid.Lattice.ToCartesian(im.FracA, im.FracB, im.FracC);
                        Assert.Equal(r.Model.EnergyAt(c.X, c.Y, c.Z), im.EnergyEV, 7);
                    }
                    // the fine profile passes every grid point of the hop; its grid-point maximum is the barrier exactly, its
                    // overall maximum exceeds it at most by what the coarse (0.25 Å) grid misses between grid points
                    var onGrid = neb.Fine.Where(p => p.OnGridPoint).ToList();
                    Assert.Equal(hop.ProfileEnd - hop.ProfileStart + 1, onGrid.Count);
                    Assert.Equal(hop.SaddleEV, onGrid.Max(p => p.EnergyEV), 12);
                    double expectedBarrier = hop.SaddleEV - from.EnergyEV;
                    Assert.Equal(expectedBarrier, neb.BarrierEV, 12);
                    Assert.InRange(neb.FineMaximumEV - neb.BarrierEV, -1e-9, 0.02);
                    Assert.True(neb.ImageMaximumEV <= neb.FineMaximumEV + 1e-12);
                    // grid values are the model's values at the grid points
                    foreach (var p in onGrid.Take(5))
                    {
                        var c = r.Grid.Lattice.ToCartesian(p.FracA, p.FracB, p.FracC);
                        Assert.Equal(r.Model.EnergyAt(c.X, c.Y, c.Z), p.EnergyEV, 7);
                    }
                    Assert.InRange(neb.SaddleDistanceA, 0, neb.LengthA);
                }
    }

    [Fact]
    public void SupercellIsTheSmallestWithPeriodicImagesFarEnoughApart()
    {
        var cubic = Lattice.Cubic(5.719);
        Assert.Equal([1, 1, 1], NebImageBuilder.ChooseSupercell(cubic, 5.0, 12, out var d1));
        Assert.Equal(5.719, d1, 9);
        Assert.Equal([2, 2, 2], NebImageBuilder.ChooseSupercell(cubic, 8.0, 12, out var d2));
        Assert.Equal(11.438, d2, 9);
        Assert.Equal([3, 3, 3], NebImageBuilder.ChooseSupercell(cubic, 12.0, 12, out _));
        // hexagonal a = 3.648, c = 3.875: 8 Å needs 3 repeats along a and b (10.94 Å) and 3 along c (11.63 Å; 2 c = 7.75 Å)
        var hex = Lattice.Hexagonal(3.648, 3.875);
        Assert.Equal([3, 3, 3], NebImageBuilder.ChooseSupercell(hex, 8.0, 4, out var d3));
        Assert.Equal(3 * 3.648, d3, 6);
        // a 2x2x2 hexagonal cell: the shortest vector is 2a (7.296 Å), not c (7.75 Å) nor the a+b diagonal
        Assert.Equal(2 * 3.648, NebImageBuilder.ShortestVectorA(new Lattice(new double[,] { { 7.296, 0, 0 }, { -3.648, 6.3185, 0 }, { 0, 0, 7.75 } })), 3);
        Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => NebImageBuilder.ChooseSupercell(cubic, 40, 12, out _));
    }

    [Fact]
    public void ImagesMoveOneIonAlongThePathInTheSupercellAndKeepEveryOtherAtom()
    {
        foreach (var (r, structure) in new[] { (Li2S.Value, ReferenceStructures.Li2S()), (Li3N.Value, ReferenceStructures.AlphaLi3N()) })
            foreach (var hop in BvseHops.List(r))
            {
                var neb = NebPathBuilder.Build(r, hop, 5);
                var set = NebImageBuilder.Build(structure, "Li", neb, 8.0, r.Grid);
                var n = set.Supercell;
                Assert.True(NebImageBuilder.ShortestVectorA(set.Structures[0].Lattice) >= 8.0);
                Assert.Equal(set.ImageDistanceA, NebImageBuilder.ShortestVectorA(set.Structures[0].Lattice), 9);
                int cells = n[0] * n[1] * n[2];
                int li = structure.Sites.Count(s => s.Element == "Li") * cells;
                var first = set.Structures[0];
                Assert.Equal(li + set.MobileIonChange, first.Sites.Count(s => s.Element == "Li"));
                Assert.Equal(structure.Sites.Count(s => s.Element != "Li") * cells, first.Sites.Count(s => s.Element != "Li"));
                Assert.Equal(set.MobileIonChange, 1 - (set.Start.Atom is null ? 0 : 1) - (set.End.Atom is null ? 0 : 1));
                // the moving ion (atom 0) is at the resampled path point, mapped by one lattice shift into the supercell
                var shift = new[] { Math.Floor(neb.Images[0].FracA), Math.Floor(neb.Images[0].FracB), Math.Floor(neb.Images[0].FracC) };
                for (int k = 0; k < set.Structures.Count; k++)
                {
                    var s = set.Structures[k];
                    Assert.Equal(first.Sites.Count, s.Sites.Count);
                    Assert.Equal("Li", s.Sites[0].Element);
                    Assert.Equal(neb.Images[k].FracA, s.Sites[0].FracA * n[0] + shift[0], 9);
                    Assert.Equal(neb.Images[k].FracB, s.Sites[0].FracB * n[1] + shift[1], 9);
                    Assert.Equal(neb.Images[k].FracC, s.Sites[0].FracC * n[2] + shift[2], 9);
                    for (int i = 1; i < s.Sites.Count; i++) Assert.Equal(first.Sites[i], s.Sites[i]);
                    Assert.True(set.ClosestApproachA[k] > 1.0, $"image {k}: {set.ClosestApproachA[k]} Å");
                }
                // no fixed Li sits on either endpoint (it was taken out, or the site was empty)
                foreach (var end in new[] { set.Structures[0].Sites[0], set.Structures[^1].Sites[0] })
                    Assert.True(first.Sites.Skip(1).Where(x => x.Element == "Li").All(x => NebImageBuilder.Distance(first.Lattice, (end.FracA, end.FracB, end.FracC), (x.FracA, x.FracB, x.FracC)) > 1.0));
            }
    }

    [Fact]
    public void AlphaLi3NInPlaneHopIsAVacancyHopAndLi2SOctahedralHopKeepsTheComposition()
    {
        var r = Li3N.Value;
        var hop = BvseHops.List(r).First(h => h.From.EnergyEV - r.MinimumEV < 1e-6 && h.To.EnergyEV - r.MinimumEV < 1e-6);
        var set = NebImageBuilder.Build(ReferenceStructures.AlphaLi3N(), "Li", NebPathBuilder.Build(r, hop, 3), 8.0, r.Grid);
        Assert.Equal(-1, set.MobileIonChange);
        Assert.Contains("vacancy", set.Mechanism);
        Assert.Contains(set.Notes, x => x.Contains("NELECT"));
        var s = Li2S.Value;
        var oct = BvseHops.List(s)[0]; // starts on the empty octahedral site (the global BVSE minimum; BVSE leaves Li-Li out)
        var li2s = NebImageBuilder.Build(ReferenceStructures.Li2S(), "Li", NebPathBuilder.Build(s, oct, 3), 8.0, s.Grid);
        Assert.Equal(0, li2s.MobileIonChange);
        var back = NebImageBuilder.Build(ReferenceStructures.Li2S(), "Li", NebPathBuilder.Build(s, oct, 3, reverse: true), 8.0, s.Grid);
        Assert.Equal(0, back.MobileIonChange);
        Assert.NotNull(back.Start.Atom);
        Assert.Null(back.End.Atom);
        Assert.Equal(oct.ReverseBarrierEV, back.Path.BarrierEV, 12);
    }

    [Fact]
    public void DisorderedStructureIsRefusedWithTheOrderHint()
    {
        var e = Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => NebImageBuilder.RequireOrdered(ReferenceStructures.Li25N05S05(), "x.cif"));
        Assert.Contains("x.cif", e.Message);
        Assert.Contains("nitrolyte order", e.Message);
        var cli = CliHarness.Run("bvse", "neb", "Li2.5N0.5S0.5", "--out", Path.Combine(Path.GetTempPath(), "never-written-neb"));
        Assert.Equal(1, cli.ExitCode);
        Assert.Single(cli.Stderr.Trim().Split('\n'));
        Assert.Contains("order", cli.Stderr);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "never-written-neb")));
    }

    [Fact]
    public void CliWritesTheVaspLayoutAndFilesThatRoundTrip()
    {
        using var dir = new TempDir();
        var cif = dir.File("li3n.cif");
        CifWriter.Write(cif, ReferenceStructures.AlphaLi3N());
        var list = CliHarness.Run("bvse", "neb", cif, "--grid", "0.25", "--list-paths", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var hops = list.Json()["paths"]!.AsArray();
        Assert.NotEmpty(hops);
        var bvse = CliHarness.Run("bvse", cif, "--grid", "0.25", "--json").Json();
        // hop 1 is the first hop of the first (1D) path of `bvse --json`
        var p0 = bvse["paths"]![0]!["sites"]!.AsArray();
        Assert.Equal((double)p0[0]!["saddle_to_next_ev"]! - (double)p0[0]!["energy_ev"]!, (double)hops[0]!["barrier_ev"]!, 5);
        Assert.Equal((int)p0[0]!["site"]!, (int)hops[0]!["from_site"]!);
        Assert.Equal((int)p0[1]!["site"]!, (int)hops[0]!["to_site"]!);

        const int n = 5;
        var outDir = dir.File("neb");
        var run = CliHarness.Run("bvse", "neb", cif, "--grid", "0.25", "--path", "1", "--images", n.ToString(), "--out", outDir, "--min-image-distance", "8", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var j = run.Json();
        output.WriteLine(j.ToJsonString());
        // JSON contract
        Assert.Equal((double)hops[0]!["barrier_ev"]!, (double)j["barrier_ev"]!, 9);
        var profile = j["profile"]!.AsArray();
        Assert.Equal(n + 2, profile.Count);
        Assert.Equal(Enumerable.Range(0, n + 2), profile.Select(x => (int)x!["image"]!));
        Assert.Equal(0, (double)profile[0]!["energy_ev"]!, 9);
        var fine = j["profile_fine"]!.AsArray();
        Assert.Equal((double)j["fine_maximum_ev"]!, fine.Max(x => (double)x!["energy_ev"]!), 6);
        Assert.InRange((double)j["fine_maximum_ev"]! - (double)j["barrier_ev"]!, -1e-6, 0.02);
        Assert.True((double)j["image_distance_a"]! >= 8);
        // VASP layout: 00 .. N+1, each with a POSCAR, and nothing beyond
        var folders = Directory.GetDirectories(outDir).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n + 2).Select(k => k.ToString("00")).ToArray(), folders);
        Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(outDir, f!, "POSCAR"))));
        // POSCARs round-trip: same species counts in every image, only atom 1 moves, at the JSON's path positions
        var posc = folders.Select(f => PoscarReader.Read(Path.Combine(outDir, f!, "POSCAR"))).ToList();
        var sc = j["supercell"]!.AsArray().Select(x => (int)x!).ToArray();
        var counts0 = posc[0].Composition.Formula;
        var start = profile[0]!["frac"]!.AsArray().Select(x => (double)x!).ToArray();
        var shift = start.Select(Math.Floor).ToArray();
        for (int k = 0; k < posc.Count; k++)
        {
            var s = posc[k];
            Assert.Equal(counts0, s.Composition.Formula);
            Assert.Equal((int)j["atoms"]!, s.Sites.Count);
            Assert.True(NebImageBuilder.ShortestVectorA(s.Lattice) >= 8);
            var f = profile[k]!["frac"]!.AsArray().Select(x => (double)x!).ToArray();
            Assert.Equal("Li", s.Sites[0].Element);
            Assert.Equal(f[0], s.Sites[0].FracA * sc[0] + shift[0], 4);
            Assert.Equal(f[1], s.Sites[0].FracB * sc[1] + shift[1], 4);
            Assert.Equal(f[2], s.Sites[0].FracC * sc[2] + shift[2], 4);
            for (int i = 1; i < s.Sites.Count; i++)
            {
                Assert.Equal(posc[0].Sites[i].Element, s.Sites[i].Element);
                Assert.Equal(posc[0].Sites[i].FracA, s.Sites[i].FracA, 12);
            }
        }
        // ... and they match what the library builds
        var r = BvseAnalysis.Run(ReferenceStructures.AlphaLi3N(), new BvseOptions { GridSpacingA = 0.25 });
        var lib = NebImageBuilder.Build(StructureReader.Read(cif), "Li", NebPathBuilder.Build(r, BvseHops.List(r)[0], n), 8, r.Grid);
        for (int k = 0; k < posc.Count; k++)
            for (int i = 0; i < posc[k].Sites.Count; i++)
            {
                Assert.Equal(lib.Structures[k].Sites[i].Element, posc[k].Sites[i].Element);
                Assert.Equal(lib.Structures[k].Sites[i].FracA, posc[k].Sites[i].FracA, 10);
                Assert.Equal(lib.Structures[k].Sites[i].FracB, posc[k].Sites[i].FracB, 10);
                Assert.Equal(lib.Structures[k].Sites[i].FracC, posc[k].Sites[i].FracC, 10);
            }
        // the extended XYZ reads back through the project's reader: N+2 frames, same atoms and positions as the POSCARs
        using (var xyz = new ExtendedXyzReader(Path.Combine(outDir, NebWriter.Trajectory)))
        {
            Assert.Equal(posc[0].Sites.Select(s => s.Element), xyz.Species);
            var frames = xyz.Frames().ToList();
            Assert.Equal(n + 2, frames.Count);
            for (int k = 0; k < frames.Count; k++)
                for (int i = 0; i < frames[k].AtomCount; i++)
                {
                    Assert.Equal(posc[k].Sites[i].FracA, frames[k].Frac[3 * i], 8);
                    Assert.Equal(posc[k].Sites[i].FracB, frames[k].Frac[3 * i + 1], 8);
                    Assert.Equal(posc[k].Sites[i].FracC, frames[k].Frac[3 * i + 2], 8);
                }
        }
        // profile CSVs, plot and JSON beside them
        var csv = File.ReadAllLines(Path.Combine(outDir, NebWriter.ProfileCsv)).Where(l => !l.StartsWith('#')).ToArray();
        Assert.StartsWith("image,distance_a", csv[0]);
        Assert.Equal(n + 2, csv.Length - 1);
        Assert.Equal(fine.Count, File.ReadAllLines(Path.Combine(outDir, NebWriter.FineCsv)).Count(l => !l.StartsWith('#')) - 1);
        var html = File.ReadAllText(Path.Combine(outDir, "profile.html"));
        Assert.Contains("saddle", html);
        Assert.Equal((double)j["barrier_ev"]!, (double)JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "neb.json")))!["barrier_ev"]!, 12);
    }

    [Fact]
    public void UsageErrorsExitTwo()
    {
        using var dir = new TempDir();
        Assert.Equal(2, CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3").ExitCode); // no --out
        Assert.Equal(2, CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3", "--images", "0", "--out", dir.File("a")).ExitCode);
        Assert.Equal(2, CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3", "--path", "99", "--out", dir.File("b")).ExitCode);
        Assert.Equal(2, CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3", "--min-image-distance", "-1", "--out", dir.File("c")).ExitCode);
        Assert.Equal(2, CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3", "--hops", "50", "--out", dir.File("d")).ExitCode);
        var two = CliHarness.Run("bvse", "neb", "Li2S", "--grid", "0.3", "--hops", "2", "--images", "3", "--out", dir.File("e"), "--json");
        Assert.True(two.ExitCode == 0, two.Stderr);
        Assert.Equal(2, (int)two.Json()["hop"]!["hops"]!);
        Assert.True(File.Exists(Path.Combine(dir.File("e"), "04", "POSCAR")));
    }
}
