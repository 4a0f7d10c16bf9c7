using System.CommandLine;
using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>md simulate</c>: a synthetic XDATCAR from a lattice random walk with a known D (for examples and tests).</summary>
public static class MdSimulateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "XDATCAR to write (.gz to compress).", Required = true };
        var temp = new Option<double>("--temperature-k") { Description = "Temperature (K).", Required = true };
        var ea = new Option<double>("--ea-ev") { Description = "Hop barrier Ea (eV).", DefaultValueFactory = _ => 0.28 };
        var nu = new Option<double>("--attempt-hz") { Description = "Attempt frequency ν (Hz); hop probability per frame p = ν Δt exp(−Ea/kBT).", DefaultValueFactory = _ => 1e13 };
        var a = new Option<double>("--lattice-a") { Description = "Antifluorite lattice parameter (Å).", DefaultValueFactory = _ => 5.458 };
        var sc = new Option<int>("--supercell") { Description = "n×n×n supercell (at most 20).", DefaultValueFactory = _ => 2 };
        var frames = new Option<int>("--frames") { Description = "Frames (at most 1,000,000, and frames × 12n³ atoms at most 20 million).", DefaultValueFactory = _ => 1000 };
        var dt = new Option<double>("--frame-interval-fs") { Description = "Time between frames (fs).", DefaultValueFactory = _ => 100 };
        var vib = new Option<double>("--vibration-a") { Description = "Gaussian vibration amplitude (Å).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("simulate", "Write a synthetic XDATCAR: Li random walk on the 8c sublattice of an antifluorite Li2S-type cell with a known D (labelled synthetic; for examples and tests).")
        { output, temp, ea, nu, a, sc, frames, dt, vib, seed };
        cmd.SetHandler(p =>
        {
            double pHop = LatticeWalkOptions.ArrheniusHopProbability(p.GetValue(nu), p.GetValue(ea), p.GetValue(temp), p.GetValue(dt));
            var o = new LatticeWalkOptions
            {
                LatticeA = p.GetValue(a), Supercell = p.GetValue(sc), Frames = p.GetValue(frames), FrameIntervalFs = p.GetValue(dt),
                HopProbability = pHop, VibrationA = p.GetValue(vib), Seed = p.GetValue(seed),
            };
            var traj = LatticeWalkGenerator.Generate(o);
            var title = string.Create(CultureInfo.InvariantCulture, $"SYNTHETIC lattice random walk T={p.GetValue(temp)}K Ea={p.GetValue(ea)}eV nu={p.GetValue(nu):G3}Hz p={pHop:G4} D={o.TrueDCm2PerS:G4}cm2/s seed={o.Seed}");
            XdatcarWriter.Write(p.GetValue(output)!, traj, title, 5);
            Console.Error.WriteLine($"wrote {o.Frames} frames to {p.GetValue(output)} (true D = {o.TrueDCm2PerS:G4} cm²/s, hop probability {pHop:G4} per frame)");
            return 0;
        });
        return cmd;
    }
}
