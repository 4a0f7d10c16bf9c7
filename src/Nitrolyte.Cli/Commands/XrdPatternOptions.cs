using System.CommandLine;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Diffraction;

namespace Nitrolyte.Cli.Commands;

/// <summary>Options shared by the commands that read a measured pattern: reader choices and the radiation.</summary>
internal sealed class XrdPatternOptions
{
    public readonly Argument<string> Pattern = new("pattern") { Description = "Measured powder pattern: .xy/.xye/.dat/.csv columns (2θ unless the header says Q, d or TOF), GSAS .gsa/.fxye, PANalytical .xrdml, Bruker .brml and binary .raw (RAW1.01/RAW4.00), powder CIF profiles." };
    public readonly Option<string?> Wavelength = new("--wavelength") { Description = "λ1[,λ2] in Å or a preset (CuKa1, MoKa1; CuKa = CuKa1,CuKa2 doublet). Required when the file does not state it; overrides the file when given." };
    public readonly Option<double?> Ka2Ratio = new("--ka2-ratio") { Description = "I(Kα2)/I(Kα1) when λ2 is given (default: the file's value, else 0.5)." };
    public readonly Option<string?> Radiation = new("--radiation") { Description = "xray or neutron (default: what the file says, else xray, said in the output)." };
    public readonly Option<string?> XAxis = new("--x-axis") { Description = "Abscissa of a column file when its header does not say: 2theta (default), q, d or tof." };
    public readonly Option<int> Bank = new("--bank") { Description = "GSAS bank to read (1-based).", DefaultValueFactory = _ => 1 };
    public readonly Option<string?> TofCalibration = new("--tof-calibration") { Description = "Time-of-flight data: DIFC[,DIFA[,ZERO]] (TOF = DIFC·d + DIFA·d² + ZERO; µs/Å, µs/Å², µs) or a GSAS instrument parameter file (its 'INS n ICONS' record for --bank): the pattern is converted to d for phase identification (TOF refinement is not available)." };
    public readonly Option<int> Scan = new("--scan") { Description = "XRDML/BRML scan, Bruker RAW range or powder-CIF profile block to read (1-based).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command cmd)
    {
        cmd.Add(Pattern);
        foreach (Option o in new Option[] { Wavelength, Ka2Ratio, Radiation, XAxis, Bank, Scan, TofCalibration }) cmd.Add(o);
    }

    public sealed record Loaded(MeasuredPattern Pattern, double Lambda1, double? Lambda2, double Ka2Ratio, bool Neutron, List<string> Notes);

    public Loaded Load(ParseResult p, Diffraction.Refinement.InstrumentProfile? instrument = null, string? instrumentPath = null) =>
        Load(p, p.GetValue(Pattern)!, instrument, instrumentPath);

    /// <summary>Reads <paramref name="path"/> with the reader options; the wavelength from --wavelength, else the
    /// instrument file, else the pattern file; the radiation likewise.</summary>
    public Loaded Load(ParseResult p, string path, Diffraction.Refinement.InstrumentProfile? instrument = null, string? instrumentPath = null)
    {
        PatternAxis? axis = null;
        if (p.GetValue(XAxis) is { } xa)
        {
            try { axis = PatternReadOptions.ParseAxis(xa); }
            catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
        }
        var pat = PowderPatternReader.Read(path, new PatternReadOptions { Axis = axis, Bank = p.GetValue(Bank), Scan = p.GetValue(Scan) });
        var notes = new List<string>();
        if (pat.Axis == PatternAxis.TofMicroseconds && p.GetValue(TofCalibration) is { } tc)
        {
            Formats.Diffraction.TofConstants k;
            try { k = Formats.Diffraction.TofCalibration.Parse(tc, p.GetValue(Bank)); }
            catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
            pat = pat.TofToD(k.Difc, k.Difa, k.ZeroUs);
            notes.Add($"TOF constants from {k.Source}");
            if (p.GetValue(Wavelength) is null && instrument is null)
            {
                pat = pat with { Wavelength1A = 1.0, Wavelength2A = null };
                notes.Add("time-of-flight data on d: a nominal λ = 1 Å is used to place d-spacings on a 2θ scale for matching (give --wavelength to choose another)");
            }
        }
        else if (p.GetValue(TofCalibration) is not null && pat.Axis != PatternAxis.TofMicroseconds) throw new UsageException($"--tof-calibration: {path} is not a time-of-flight pattern");
        if (pat.Axis == PatternAxis.TofMicroseconds) throw new NitrolyteInputException($"{path}: time-of-flight pattern: give --tof-calibration DIFC[,DIFA[,ZERO]] (or a GSAS .prm) to identify phases on d; only constant-wavelength patterns can be refined");
        double l1; double? l2 = null;
        if (p.GetValue(Wavelength) is { } wl)
        {
            var parts = wl.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1 && parts[0].Equals("CuKa", StringComparison.OrdinalIgnoreCase)) parts = ["CuKa1", "CuKa2"];
            else if (parts.Length == 1 && parts[0].Equals("MoKa", StringComparison.OrdinalIgnoreCase)) parts = ["MoKa1", "MoKa2"];
            if (parts.Length is < 1 or > 2) throw new UsageException($"--wavelength {wl}: one or two wavelengths (λ1[,λ2])");
            l1 = XrdCommand.ParseWavelength(parts[0]);
            if (parts.Length == 2) l2 = XrdCommand.ParseWavelength(parts[1]);
            notes.Add($"wavelength λ1 = {l1:0.######} Å{(l2 is not null ? $", λ2 = {l2:0.######} Å" : "")} from --wavelength");
            if (pat.Wavelength1A is { } fw && Math.Abs(fw - l1) > 1e-4) notes.Add($"the file states λ = {fw:0.######} Å; --wavelength {l1:0.######} Å used");
        }
        else if (instrument is not null)
        {
            l1 = instrument.Wavelength1A; l2 = instrument.Wavelength2A;
            notes.Add($"wavelength λ1 = {l1:0.######} Å{(l2 is not null ? $", λ2 = {l2:0.######} Å" : "")} from the instrument file {instrumentPath}");
            if (pat.Wavelength1A is { } fw && Math.Abs(fw - l1) > 1e-4) notes.Add($"the pattern file states λ = {fw:0.######} Å; the instrument file's {l1:0.######} Å used (give --wavelength to override)");
        }
        else if (pat.Wavelength1A is { } f1)
        {
            l1 = f1; l2 = pat.Wavelength2A;
            notes.Add($"wavelength λ1 = {l1:0.######} Å{(l2 is not null ? $", λ2 = {l2:0.######} Å" : "")} from the file");
        }
        else throw new UsageException($"{path}: the file does not state the wavelength: give --wavelength (e.g. --wavelength CuKa for the Cu Kα doublet, or a number in Å)");
        double ratio = p.GetValue(Ka2Ratio) ?? (instrument?.Wavelength2A is not null && p.GetValue(Wavelength) is null ? instrument.Ka2Ratio : (double?)null) ?? pat.Ka2RatioFromFile ?? 0.5;
        if (l2 is not null && ratio <= 0) throw new UsageException("--ka2-ratio must be positive");
        if (l2 is not null && p.GetValue(Ka2Ratio) is null && pat.Ka2RatioFromFile is null && !(instrument?.Wavelength2A is not null && p.GetValue(Wavelength) is null)) notes.Add("I(Kα2)/I(Kα1) = 0.5 assumed (--ka2-ratio)");
        bool neutron;
        var rad = p.GetValue(Radiation)?.Trim().ToLowerInvariant();
        if (rad is not null)
        {
            neutron = rad switch { "neutron" or "n" => true, "xray" or "x-ray" or "x" => false, _ => throw new UsageException($"--radiation {rad}: xray or neutron") };
            if (pat.Radiation is { } fr && fr != (neutron ? "neutron" : "xray")) notes.Add($"the file suggests {fr}; --radiation {rad} used");
        }
        else if (instrument is not null)
        {
            neutron = instrument.Neutron; notes.Add($"radiation {(neutron ? "neutron" : "xray")} from the instrument file");
            if (pat.Radiation is { } fr && fr != (neutron ? "neutron" : "xray")) notes.Add($"the pattern file suggests {fr}; the instrument file's radiation used");
        }
        else if (pat.Radiation is { } fr) { neutron = fr == "neutron"; notes.Add($"radiation {fr} from the file"); }
        else { neutron = false; notes.Add("radiation not stated in the file: X-ray assumed (--radiation neutron otherwise)"); }
        if (pat.Axis != PatternAxis.TwoThetaDeg) pat = pat.ToTwoTheta(l1);
        return new Loaded(pat, l1, l2, ratio, neutron, notes);
    }
}
