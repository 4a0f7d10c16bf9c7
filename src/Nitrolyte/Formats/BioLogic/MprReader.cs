using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.BioLogic;

/// <summary>One module of an mpr file ("VMP Set", "VMP data", "VMP LOG", "VMP loop", ...).</summary>
public sealed record MprModule(string ShortName, string LongName, long HeaderOffset, long DataOffset, long Length, int Version, string Date);

/// <summary>
/// Streaming reader of EC-Lab .mpr binary files.
/// <para>Layout: a 52-byte magic ("BIO-LOGIC MODULAR FILE", 0x1A, blanks to 48 bytes, four zero bytes), then
/// modules, each "MODULE" + header + payload. Two header layouts exist: before EC-Lab 11.50, short name (10 bytes),
/// long name (25), payload length (u32), version (u32), date (8 ASCII, "MM/dd/yy"); from 11.50, short name, long name,
/// 0xFFFFFFFF, length (u32), an old version field (u32), version (u32), date.</para>
/// <para>The data module starts with the number of points (u32) and the number of columns (u8 for versions &lt; 10,
/// u16 for versions &gt;= 10), then the column IDs (u8 for version 0, u16 otherwise); the records start at byte 100
/// (version 0), 405 (2), 406 (3) or 1007 (10/11). Each record holds the columns in ID order, little-endian, with the
/// flag IDs packed into one byte (see <see cref="MprColumnTable"/>).</para>
/// <para>An unknown column ID does not abort: when it is the only unknown one its width follows from the module
/// length, and it is kept as a raw column "column_&lt;id&gt;" (as float for 4 or 8 bytes, unsigned integer
/// otherwise) with a warning.</para>
/// Records are read one at a time: memory does not grow with the number of points.
/// </summary>
public sealed class MprRowReader : ITableRowReader
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("BIO-LOGIC MODULAR FILE\x1a");
    private const int MagicLength = 52;

    private readonly string _path;
    private readonly FileStream _fs;
    private readonly Field[] _fields;
    private readonly int _recordSize;
    private readonly byte[] _buf;
    private int _bufPos, _bufLen;
    private long _remaining;
    private long _recordOffset;

    public IReadOnlyList<string> ColumnNames { get; }
    public IReadOnlyList<MprModule> Modules { get; }
    public long PointCount { get; }
    public int DataVersion { get; }
    public IReadOnlyList<int> ColumnIds { get; }
    public string? TechniqueShort { get; }
    public DateTimeOffset? StartTime { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }
    public IReadOnlyList<string> Warnings { get; }

    private readonly record struct Field(int Offset, MprType Type, byte Mask, bool IsFlag);

    public MprRowReader(string path)
    {
        _path = path;
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        _fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            var warnings = new List<string>();
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            long fileLength = _fs.Length;
            var magic = new byte[MagicLength];
            int got = ReadFully(magic);
            if (got < Magic.Length && got > 0 && magic.AsSpan(0, got).SequenceEqual(Magic.AsSpan(0, got)))
                throw new NitrolyteFormatException(path, $"file ends inside the magic 'BIO-LOGIC MODULAR FILE' after {got} bytes (truncated file)", byteOffset: got);
            if (got < Magic.Length || !magic.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new NitrolyteFormatException(path, "not a BioLogic .mpr file: the magic 'BIO-LOGIC MODULAR FILE' is missing", byteOffset: 0);
            if (got < MagicLength) throw new NitrolyteFormatException(path, "file ends inside the 52-byte file header (truncated file)", byteOffset: got);

            var modules = new List<MprModule>();
            byte[]? settingsData = null, logData = null;
            MprModule? dataModule = null;
            byte[]? dataHead = null;
            long pos = MagicLength;
            while (pos < fileLength)
            {
                _fs.Position = pos;
                var tag = new byte[6];
                int n = ReadFully(tag);
                if (n < 6 || !tag.AsSpan().SequenceEqual("MODULE"u8))
                    throw new NitrolyteFormatException(path, n < 6 ? "file ends where a module should start (truncated file)" : "expected 'MODULE' (corrupt file or unknown layout)", byteOffset: pos);
                var head = new byte[59];
                n = ReadFully(head.AsSpan(0, 39));
                if (n < 39) throw new NitrolyteFormatException(path, "file ends inside a module header (truncated file)", byteOffset: pos + 6 + n);
                bool newLayout = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(35)) == 0xFFFFFFFF;
                int headLen = newLayout ? 59 : 51;
                n = ReadFully(head.AsSpan(39, headLen - 39));
                if (n < headLen - 39) throw new NitrolyteFormatException(path, "file ends inside a module header (truncated file)", byteOffset: pos + 6 + 39 + n);
                string shortName = Encoding.Latin1.GetString(head, 0, 10).TrimEnd(' ', '\0');
                string longName = Encoding.Latin1.GetString(head, 10, 25).TrimEnd(' ', '\0');
                long length; int version; string date;
                if (newLayout)
                {
                    length = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(39));
                    version = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(47));
                    date = Encoding.ASCII.GetString(head, 51, 8);
                }
                else
                {
                    length = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(35));
                    version = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(39));
                    date = Encoding.ASCII.GetString(head, 43, 8);
                }
                long dataOffset = pos + 6 + headLen;
                if (dataOffset + length > fileLength)
                    throw new NitrolyteFormatException(path,
                        $"module '{shortName}' declares {length} bytes but the file ends {fileLength - dataOffset} bytes after its header (truncated file)", byteOffset: fileLength);
                var module = new MprModule(shortName, longName, pos, dataOffset, length, version, date);
                modules.Add(module);
                if (shortName == "VMP Set" && settingsData is null) settingsData = ReadAt(dataOffset, (int)Math.Min(length, 4096));
                else if (shortName == "VMP LOG" && logData is null) logData = ReadAt(dataOffset, (int)Math.Min(length, 4096));
                else if (shortName == "VMP data" && dataModule is null)
                {
                    dataModule = module;
                    dataHead = ReadAt(dataOffset, (int)Math.Min(length, 2048));
                }
                pos = dataOffset + length;
            }
            Modules = modules;
            if (dataModule is null || dataHead is null) throw new NitrolyteFormatException(path, "no 'VMP data' module in the file", byteOffset: pos);
            DataVersion = dataModule.Version;

            // ---- data module header
            if (dataHead.Length < 6) throw new NitrolyteFormatException(path, "the data module is too short to hold its header", byteOffset: dataModule.DataOffset);
            long npts = BinaryPrimitives.ReadUInt32LittleEndian(dataHead);
            int ncol; int idsAt; bool idsU8;
            if (DataVersion >= 10) { ncol = BinaryPrimitives.ReadUInt16LittleEndian(dataHead.AsSpan(4)); idsAt = 6; idsU8 = false; }
            else { ncol = dataHead[4]; idsAt = 5; idsU8 = DataVersion == 0; }
            if (idsAt + ncol * (idsU8 ? 1 : 2) > dataHead.Length)
                throw new NitrolyteFormatException(path, $"the data module declares {ncol} columns, more than its header holds", byteOffset: dataModule.DataOffset + 4);
            var ids = new int[ncol];
            for (int k = 0; k < ncol; k++)
                ids[k] = idsU8 ? dataHead[idsAt + k] : BinaryPrimitives.ReadUInt16LittleEndian(dataHead.AsSpan(idsAt + 2 * k));
            ColumnIds = ids;
            PointCount = npts;

            int headerSize = DataVersion switch { 0 => 100, 2 => 405, 3 => 406, >= 10 => 1007, _ => -1 };
            // Known width of the record, and the unknown IDs.
            int known = 0; bool flagsSeen = false;
            var unknown = new List<int>();
            foreach (var id in ids)
            {
                if (MprColumnTable.Flags.ContainsKey(id)) { if (!flagsSeen) { known += 1; flagsSeen = true; } }
                else if (MprColumnTable.Columns.TryGetValue(id, out var c)) known += MprColumnTable.SizeOf(c.Type);
                else unknown.Add(id);
            }
            int unknownWidth = 0;
            if (headerSize < 0)
            {
                if (unknown.Count > 0 || npts == 0)
                    throw new NitrolyteFormatException(path, $"data module version {DataVersion} is unknown and its record layout cannot be inferred", byteOffset: dataModule.HeaderOffset);
                headerSize = (int)(dataModule.Length - npts * known);
                warnings.Add($"data module version {DataVersion} is not one this reader was built on; records assumed to start at byte {headerSize} of the module");
            }
            if (unknown.Count > 0)
            {
                long rest = dataModule.Length - headerSize - npts * known;
                if (npts == 0 || rest <= 0 || rest % npts != 0 || unknown.Count != 1 && (rest / npts) % unknown.Count != 0)
                    throw new NitrolyteFormatException(path,
                        $"unknown column IDs {string.Join(", ", unknown)}: their byte widths cannot be inferred from the module length", byteOffset: dataModule.DataOffset);
                unknownWidth = (int)(rest / npts / unknown.Count);
                if (unknownWidth is not (1 or 2 or 4 or 8))
                    throw new NitrolyteFormatException(path, $"unknown column ID(s) {string.Join(", ", unknown)} with an inferred width of {unknownWidth} bytes", byteOffset: dataModule.DataOffset);
                foreach (var u in unknown)
                    warnings.Add($"unknown column ID {u} ({unknownWidth} bytes per point) kept as raw column 'column_{u}'" +
                                 (unknownWidth >= 4 ? " read as a float" : " read as an unsigned integer"));
            }

            // ---- record layout, columns in ID order (flags expanded where the first flag appears)
            var fields = new List<Field>();
            var names = new List<string>();
            var nameCount = new Dictionary<string, int>();
            int offset = 0; int flagsOffset = -1;
            void AddName(string name)
            {
                int c = nameCount.GetValueOrDefault(name) + 1;
                nameCount[name] = c;
                names.Add(c == 1 ? name : $"{name} {c}");
            }
            foreach (var id in ids)
            {
                if (MprColumnTable.Flags.TryGetValue(id, out var f))
                {
                    if (flagsOffset < 0) { flagsOffset = offset; offset += 1; }
                    fields.Add(new Field(flagsOffset, MprType.U1, f.Mask, true));
                    AddName(f.Name);
                }
                else if (MprColumnTable.Columns.TryGetValue(id, out var c))
                {
                    fields.Add(new Field(offset, c.Type, 0, false));
                    offset += MprColumnTable.SizeOf(c.Type);
                    AddName(c.Name);
                }
                else
                {
                    var t = unknownWidth switch { 8 => MprType.F8, 4 => MprType.F4, 2 => MprType.U2, _ => MprType.U1 };
                    fields.Add(new Field(offset, t, 0, false));
                    offset += unknownWidth;
                    AddName($"column_{id}");
                }
            }
            _recordSize = offset;
            _fields = fields.ToArray();
            ColumnNames = names;
            long expected = headerSize + npts * _recordSize;
            if (npts > 0 && expected > dataModule.Length)
                throw new NitrolyteFormatException(path,
                    $"the data module holds {dataModule.Length} bytes but {npts} points of {_recordSize} bytes need {expected} (truncated or unknown layout)", byteOffset: dataModule.DataOffset);
            if (expected != dataModule.Length)
                warnings.Add($"data module has {dataModule.Length - expected} bytes beyond {npts} records of {_recordSize} bytes; ignored");

            // ---- settings, technique, start time
            if (settingsData is { Length: > 0 })
            {
                TechniqueShort = BioLogicTechniques.ShortFromId(settingsData[0]);
                settings["technique_id"] = "0x" + settingsData[0].ToString("X2", CultureInfo.InvariantCulture);
                var setModule = modules.First(m => m.ShortName == "VMP Set");
                settings["settings_date"] = setModule.Date;
                AddFloatSetting(settings, settingsData, 0x211, "Electrode surface area (cm2)");
                AddFloatSetting(settings, settingsData, 0x24C, "Characteristic mass (g)");
                AddFloatSetting(settings, settingsData, 0x107, "Active material mass (mg)");
            }
            settings["data_module_version"] = DataVersion.ToString(CultureInfo.InvariantCulture);
            settings["points"] = npts.ToString(CultureInfo.InvariantCulture);
            StartTime = FindStartTime(logData, modules, warnings);
            Settings = settings;
            Warnings = warnings;

            _recordOffset = dataModule.DataOffset + headerSize;
            _remaining = npts;
            _buf = new byte[Math.Max(_recordSize, 1) * Math.Max(1, (1 << 16) / Math.Max(_recordSize, 1))];
            _fs.Position = _recordOffset;
        }
        catch
        {
            _fs.Dispose();
            throw;
        }
    }

    private static void AddFloatSetting(Dictionary<string, string> settings, byte[] data, int at, string key)
    {
        if (at + 4 > data.Length) return;
        float v = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at));
        if (float.IsFinite(v) && v >= 0 && v < 1e6) settings[key] = v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The LOG module holds the acquisition start as an OLE automation date (f64 days since 1899-12-30) at one of a few
    /// offsets depending on the EC-Lab version (465, 469, 473 or 585 bytes into the module); the first plausible
    /// value that agrees with the module date is taken. Without it, the settings-module date (day only) is used.
    /// </summary>
    private static DateTimeOffset? FindStartTime(byte[]? log, List<MprModule> modules, List<string> warnings)
    {
        DateTime? moduleDate = null;
        var set = modules.FirstOrDefault(m => m.ShortName == "VMP Set");
        if (set is not null && TryModuleDate(set.Date, out var d0)) moduleDate = d0;
        if (log is not null)
        {
            foreach (int at in new[] { 465, 469, 473, 585 })
            {
                if (at + 8 > log.Length) continue;
                double ole = BinaryPrimitives.ReadDoubleLittleEndian(log.AsSpan(at));
                if (!(ole > 20000 && ole < 80000)) continue;
                var dt = DateTime.FromOADate(ole);
                if (moduleDate is { } md && Math.Abs((dt.Date - md).TotalDays) > 1) continue;
                return new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), TimeSpan.Zero);
            }
        }
        if (moduleDate is { } m)
        {
            warnings.Add("no start timestamp in the LOG module; StartTime is the settings-module date (midnight)");
            return new DateTimeOffset(m, TimeSpan.Zero);
        }
        return null;
    }

    private static bool TryModuleDate(string s, out DateTime date) =>
        DateTime.TryParseExact(s.Trim(), ["MM/dd/yy", "MM-dd-yy", "MM.dd.yy", "dd.MM.yy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private byte[] ReadAt(long offset, int count)
    {
        _fs.Position = offset;
        var b = new byte[count];
        int n = ReadFully(b);
        return n == count ? b : b[..n];
    }

    private int ReadFully(Span<byte> dest)
    {
        int total = 0;
        while (total < dest.Length)
        {
            int n = _fs.Read(dest[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Reads all remaining records into one array per column, decoding column by column over blocks of records.</summary>
    public double[][] ReadAllColumns()
    {
        int nf = _fields.Length;
        long remaining = _remaining;
        var cols = new double[nf][];
        for (int k = 0; k < nf; k++) cols[k] = new double[remaining];
        int perBlock = Math.Max(1, (1 << 20) / Math.Max(_recordSize, 1));
        var block = new byte[perBlock * _recordSize];
        long done = 0;
        // records already buffered by ReadRow calls are not expected here (fresh reader)
        while (done < remaining)
        {
            int want = (int)Math.Min(perBlock, remaining - done);
            int got = ReadFully(block.AsSpan(0, want * _recordSize));
            if (got < want * _recordSize)
                throw new NitrolyteFormatException(_path, "file ends inside a data record (truncated file)", byteOffset: _fs.Position);
            for (int k = 0; k < nf; k++)
            {
                var f = _fields[k];
                var dst = cols[k].AsSpan((int)done, want);
                var src = block.AsSpan(f.Offset);
                int rs = _recordSize;
                if (f.IsFlag)
                {
                    bool two = f.Mask == 0x03;
                    for (int r = 0; r < want; r++) { int v = src[r * rs] & f.Mask; dst[r] = two ? v : (v != 0 ? 1 : 0); }
                    continue;
                }
                switch (f.Type)
                {
                    case MprType.F4: for (int r = 0; r < want; r++) dst[r] = BinaryPrimitives.ReadSingleLittleEndian(src.Slice(r * rs, 4)); break;
                    case MprType.F8: for (int r = 0; r < want; r++) dst[r] = BinaryPrimitives.ReadDoubleLittleEndian(src.Slice(r * rs, 8)); break;
                    case MprType.U1: for (int r = 0; r < want; r++) dst[r] = src[r * rs]; break;
                    case MprType.U2: for (int r = 0; r < want; r++) dst[r] = BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(r * rs, 2)); break;
                    case MprType.U4: for (int r = 0; r < want; r++) dst[r] = BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(r * rs, 4)); break;
                    case MprType.I4: for (int r = 0; r < want; r++) dst[r] = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(r * rs, 4)); break;
                }
            }
            done += want;
        }
        _remaining = 0;
        return cols;
    }

    public bool ReadRow(Span<double> row)
    {
        if (_remaining <= 0) return false;
        if (_bufLen - _bufPos < _recordSize)
        {
            int keep = _bufLen - _bufPos;
            if (keep > 0) Buffer.BlockCopy(_buf, _bufPos, _buf, 0, keep);
            int want = (int)Math.Min(_buf.Length - keep, _remaining * _recordSize - keep);
            int n = ReadFully(_buf.AsSpan(keep, want));
            _bufPos = 0;
            _bufLen = keep + n;
            if (_bufLen < _recordSize)
                throw new NitrolyteFormatException(_path, "file ends inside a data record (truncated file)", byteOffset: _fs.Position);
        }
        var rec = _buf.AsSpan(_bufPos, _recordSize);
        for (int k = 0; k < _fields.Length; k++)
        {
            var f = _fields[k];
            var s = rec[f.Offset..];
            if (f.IsFlag)
            {
                int v = s[0] & f.Mask;
                row[k] = f.Mask == 0x03 ? v : (v != 0 ? 1 : 0);
                continue;
            }
            row[k] = f.Type switch
            {
                MprType.F4 => BinaryPrimitives.ReadSingleLittleEndian(s),
                MprType.F8 => BinaryPrimitives.ReadDoubleLittleEndian(s),
                MprType.U1 => s[0],
                MprType.U2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                MprType.U4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                MprType.I4 => BinaryPrimitives.ReadInt32LittleEndian(s),
                _ => double.NaN,
            };
        }
        _bufPos += _recordSize;
        _remaining--;
        return true;
    }

    public void Dispose() => _fs.Dispose();
}
