using System.Globalization;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// Bruker .brml (DIFFRAC.MEASUREMENT): a zip of XML whose Experiment0/RawData{n}.xml holds one scan: DataRoute
/// elements with comma-separated Datum rows. Which field is 2θ and which the counts is read from DataViews
/// (the view whose FieldDefinitions name TwoTheta, and the RecordedRawDataView); without DataViews the common
/// layout "time, absorption, 2θ, θ, counts" is assumed (2θ field 3, counts last) and said. The wavelength comes
/// from WaveLengthAlpha1/WaveLengthAlpha2/WaveLengthRatio (Value attributes) when present. DTDs are refused.
/// </summary>
public static class BrmlReader
{
    public static MeasuredPattern Read(string path, int scan = 1)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException) { throw new NitrolyteFormatException(path, "not a zip archive (a .brml is a zip of XML)"); }
        using (zip)
        {
            var raws = zip.Entries.Where(e => e.Name.StartsWith("RawData", StringComparison.OrdinalIgnoreCase) && e.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
            if (raws.Count == 0) throw new NitrolyteFormatException(path, "no Experiment0/RawData*.xml in the archive");
            if (scan < 1 || scan > raws.Count) throw new NitrolyteFormatException(path, $"scan {scan} asked for, the file has {raws.Count} (--scan 1..{raws.Count})");
            var entry = raws[scan - 1];
            XDocument doc;
            using (var s = entry.Open())
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
                try { using var xr = XmlReader.Create(s, settings); doc = XDocument.Load(xr); }
                catch (XmlException ex) { throw new NitrolyteFormatException(path, $"{entry.FullName}: {ex.Message}", ex.LineNumber); }
            }
            var prov = new List<string> { $"Bruker BRML, {entry.FullName}" };
            if (raws.Count > 1) prov.Add($"scan {scan} of {raws.Count} read (--scan)");
            return Parse(doc, path, prov);
        }
    }

    private static IEnumerable<XElement> Named(XContainer c, string local) => c.Descendants().Where(e => e.Name.LocalName == local);

    private static MeasuredPattern Parse(XDocument doc, string path, List<string> prov)
    {
        var routes = Named(doc, "DataRoute").Where(r => Named(r, "Datum").Any()).ToList();
        if (routes.Count == 0) throw new NitrolyteFormatException(path, "no DataRoute with Datum rows");
        var route = routes.FirstOrDefault(r => (string?)r.Attribute("RouteFlag") == "Measured") ?? routes[0];
        int ttField = -1, countField = -1;
        foreach (var view in Named(route, "RawDataView"))
        {
            int start = int.TryParse((string?)view.Attribute("Start"), out var st) ? st : -1;
            var type = view.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value ?? "";
            var fields = Named(view, "FieldDefinitions").ToList();
            int k = fields.FindIndex(f => (string?)f.Attribute("FieldName") == "TwoTheta" || (string?)f.Attribute("AxisId") == "TwoTheta");
            if (k >= 0 && start >= 0) ttField = start + k;
            if (type.Contains("Recorded", StringComparison.Ordinal) && start >= 0 && countField < 0) countField = start;
        }
        var rows = Named(route, "Datum").Select(d => d.Value.Split(',')).ToList();
        if (ttField < 0 || countField < 0)
        {
            ttField = 2; countField = rows[0].Length - 1;
            prov.Add("no DataViews naming the fields: layout time, absorption, 2θ, θ, counts assumed (2θ field 3, counts last)");
        }
        else prov.Add($"2θ field {ttField + 1}, counts field {countField + 1} from DataViews");
        var x = new double[rows.Count]; var y = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length <= Math.Max(ttField, countField)) throw new NitrolyteFormatException(path, $"Datum {i + 1} has {rows[i].Length} fields");
            x[i] = Num(rows[i][ttField], path, i); y[i] = Num(rows[i][countField], path, i);
        }
        double? A(string name) => Named(doc, name).Select(e => (string?)e.Attribute("Value")).Where(v => v is not null)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).FirstOrDefault();
        double? k1 = A("WaveLengthAlpha1"), k2 = A("WaveLengthAlpha2"), ratio = A("WaveLengthRatio");
        if (k1 is not null) prov.Add($"wavelength Kα1 {k1:0.######} Å{(k2 is not null && ratio > 0 ? $", Kα2 {k2:0.######} Å, I2/I1 {ratio:0.####}" : "")} from the instrument record");
        if (!(ratio > 0)) { k2 = null; ratio = null; }
        prov.Add("esd = √counts");
        return PowderTextReader.Finish(path, PatternAxis.TwoThetaDeg, x, y, MeasuredPattern.CountingEsd(y), false, k1, "xray", prov, k2, ratio);
    }

    private static double Num(string s, string path, int i) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new NitrolyteFormatException(path, $"Datum {i + 1}: '{s}' is not a number");
}
