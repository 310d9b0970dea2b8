using System.Text;

namespace Garnetics.Engine.Fixes;

[FixStyle("ave/time", Syntax = "fix ID group ave/time Nevery Nrepeat Nfreq value1 value2 ... [mode scalar|vector] [ave one|running|window M] " +
                                "[start N] [off M] [file F] [overwrite] [format \" %g\"] [title1 s] [title2 s] [title3 s]",
    Help = """
        Time average of global values, as LAMMPS fix ave/time. Values: c_ID (scalar, or in vector mode the global
        vector), c_ID[i] (vector element i, or in vector mode array column i), f_ID and f_ID[i] likewise for fixes,
        v_name (equal-style variable, scalar mode), and wildcards c_ID[*], c_ID[n*], c_ID[*m], c_ID[n*m] expanded to
        every element (scalar mode) or column (vector mode) when the fix is defined. The values are sampled on the
        Nrepeat steps Nfreq - (Nrepeat-1)*Nevery, ..., Nfreq - Nevery, Nfreq of each multiple of Nfreq (Nfreq must be a
        multiple of Nevery and Nrepeat*Nevery <= Nfreq) and their mean is output on the multiple of Nfreq; with Nrepeat
        = 1 a current step that is a multiple of Nfreq is sampled at the run's set-up. ave one: each output is the mean
        of its Nrepeat samples; running: the mean of all samples so far; window M: the mean of the last M outputs. off
        M: value M (1-based) is not averaged (its latest sample is output). start N: no sample before step N. Energies
        and virials are tallied on sample steps, so c_thermo_pe and pressure computes can be averaged. file F: LAMMPS's
        text layout, values printed with format (default " %g"): scalar mode '# Time-averaged data for fix ID', '#
        TimeStep name1 name2 ...', then 'step v1 v2 ...' per output; vector mode '# Time-averaged data for fix ID', '#
        TimeStep Number-of-rows', '# Row name1 ...', then per output a line 'step nrows' and nrows lines 'row v1 v2
        ...'. Extensive values are not normalised in the file. Output for other commands: scalar mode f_ID (one value)
        or f_ID[i]; vector mode f_ID[i] (one value) or f_ID[i][j]; 0 before the first output, then the latest output
        until the next (LAMMPS instead refuses thermo steps that are not output steps); extensive if the value is
        (thermo_modify norm applies).
        """)]
public sealed class FixAveTime : Fix
{
    private sealed record Value(char Kind, string Id, int Index, string Name, int Word);

    private int _nevery, _nrepeat, _nfreq;
    private bool _vectorMode;
    private enum AveMode { One, Running, Window }
    private AveMode _ave = AveMode.One;
    private int _window;
    private long _start;
    private readonly List<Value> _values = [];
    private readonly HashSet<int> _off = [];
    private string? _file;
    private bool _overwrite;
    private string _format = " %g";
    private string? _title1, _title2, _title3;
    private CommandArgs _args = null!;

    private int _nrows = 1;
    private long _nvalid = -1;
    private int _irepeat;
    private double[] _sum = [], _out = [], _last = [], _runningSum = [];
    private long _nrunning;
    private readonly Queue<double[]> _windowValues = new();
    private string _header = "";
    private bool _headerWritten;

    public override void Configure(CommandArgs args)
    {
        _args = args;
        if (args.Count < 4) throw args.Error("fix ave/time needs Nevery Nrepeat Nfreq and at least one value");
        _nevery = args.Int(0, "Nevery");
        _nrepeat = args.Int(1, "Nrepeat");
        _nfreq = args.Int(2, "Nfreq");
        if (_nevery <= 0) throw args.Error(0, "fix ave/time Nevery must be > 0");
        if (_nrepeat <= 0) throw args.Error(1, "fix ave/time Nrepeat must be > 0");
        if (_nfreq <= 0) throw args.Error(2, "fix ave/time Nfreq must be > 0");
        if (_nfreq % _nevery != 0) throw args.Error(2, $"fix ave/time Nfreq ({_nfreq}) must be a multiple of Nevery ({_nevery})");
        if ((long)_nrepeat * _nevery > _nfreq)
            throw args.Error(1, $"fix ave/time Nrepeat*Nevery ({(long)_nrepeat * _nevery}) must not exceed Nfreq ({_nfreq})");

        var raw = new List<(string text, int word)>();
        int i = 3;
        for (; i < args.Count && IsReference(args[i]); i++) raw.Add((args[i], i));
        if (raw.Count == 0) throw args.Error(Math.Min(3, args.Count - 1), $"fix ave/time needs at least one value (c_ID, c_ID[i], f_ID, f_ID[i] or v_name), got '{args[3]}'");
        var offWords = new List<int>();
        for (; i < args.Count;)
        {
            switch (args[i])
            {
                case "mode": _vectorMode = args.Choice(i + 1, "scalar", "vector") == "vector"; i += 2; break;
                case "ave":
                {
                    var a = args.Choice(i + 1, "one", "running", "window");
                    _ave = a == "one" ? AveMode.One : a == "running" ? AveMode.Running : AveMode.Window;
                    if (_ave == AveMode.Window)
                    {
                        _window = args.Int(i + 2, "window length M");
                        if (_window <= 0) throw args.Error(i + 2, "fix ave/time ave window M must be > 0");
                        i += 3;
                    }
                    else i += 2;
                    break;
                }
                case "start": _start = args.Long(i + 1, "start step"); i += 2; break;
                case "off": offWords.Add(i + 1); args.Int(i + 1, "value index"); i += 2; break;
                case "file": _file = args.Str(i + 1, "file name"); i += 2; break;
                case "overwrite": _overwrite = true; i++; break;
                case "format": _format = args.Str(i + 1, "format"); CheckFormat(args, i + 1); i += 2; break;
                case "title1": _title1 = args.Str(i + 1, "title1"); i += 2; break;
                case "title2": _title2 = args.Str(i + 1, "title2"); i += 2; break;
                case "title3": _title3 = args.Str(i + 1, "title3"); i += 2; break;
                default:
                    throw args.Error(i, $"unknown fix ave/time value or keyword '{args[i]}' (values: c_ID, c_ID[i], f_ID, f_ID[i], v_name; " +
                                        "keywords: mode, ave, start, off, file, overwrite, format, title1, title2, title3)");
            }
        }
        Sim.Thermo.EnsureComputes(); // thermo_temp, thermo_press, thermo_pe exist from the box on, as in LAMMPS
        foreach (var (text, word) in raw) Expand(args, text, word);
        foreach (var w in offWords)
        {
            int m = args.Int(w, "value index");
            if (m < 1 || m > _values.Count) throw args.Error(w, $"fix ave/time off: value index {m} is out of range 1..{_values.Count}");
            _off.Add(m - 1);
        }
        foreach (var v in _values) Check(v, atDefinition: true);
        _nvalid = NextValid(Sim.Step);
        if (_file != null)
        {
            _file = Path.GetFullPath(_file);
            _header = Header();
            try { File.WriteAllText(_file, _header); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new GarneticsException($"fix ave/time cannot write file '{_file}': {e.Message}", args.Location, _file, e);
            }
            _headerWritten = true;
        }
    }

    private static bool IsReference(string w) =>
        w.Length > 2 && (w.StartsWith("c_", StringComparison.Ordinal) || w.StartsWith("f_", StringComparison.Ordinal) || w.StartsWith("v_", StringComparison.Ordinal));

    private static void CheckFormat(CommandArgs args, int i)
    {
        try { CFormat.Format(args[i], 1.0); }
        catch (GarneticsException e) { throw args.Error(i, e.Message); }
    }

    /// <summary>Split NAME[i] / NAME[*] into values; wildcards expand to the vector length (scalar mode) or array columns (vector mode).</summary>
    private void Expand(CommandArgs args, string text, int word)
    {
        char kind = text[0];
        string name = text[2..];
        int lb = name.IndexOf('[');
        if (lb < 0) { _values.Add(new Value(kind, name, 0, text, word)); return; }
        if (!name.EndsWith(']') || name.IndexOf('[', lb + 1) >= 0)
            throw args.Error(word, $"fix ave/time value '{text}': expected {kind}_ID or {kind}_ID[i]");
        if (kind == 'v') throw args.Error(word, $"fix ave/time value '{text}': only equal-style variables (v_name) are supported");
        string id = name[..lb], inside = name[(lb + 1)..^1];
        if (!inside.Contains('*'))
        {
            if (!int.TryParse(inside, NumberStyles.Integer, CultureInfo.InvariantCulture, out int idx) || idx < 1)
                throw args.Error(word, $"fix ave/time value '{text}': the index must be an integer >= 1");
            _values.Add(new Value(kind, id, idx, text, word));
            return;
        }
        int n = WildcardLength(args, kind, id, text, word);
        int star = inside.IndexOf('*');
        string a = inside[..star], b = inside[(star + 1)..];
        int lo = 1, hi = n;
        if ((a.Length > 0 && !int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out lo)) ||
            (b.Length > 0 && !int.TryParse(b, NumberStyles.Integer, CultureInfo.InvariantCulture, out hi)))
            throw args.Error(word, $"fix ave/time value '{text}': bad wildcard (expected *, n*, *m or n*m)");
        if (lo < 1 || hi > n || lo > hi)
            throw args.Error(word, $"fix ave/time value '{text}': wildcard range {lo}..{hi} is outside 1..{n}");
        for (int k = lo; k <= hi; k++) _values.Add(new Value(kind, id, k, $"{kind}_{id}[{k}]", word));
    }

    private int WildcardLength(CommandArgs args, char kind, string id, string text, int word)
    {
        if (kind == 'c')
        {
            var c = Sim.FindCompute(id) ?? throw args.Error(word, $"fix ave/time: compute '{id}' in '{text}' does not exist");
            if (_vectorMode)
                return c.HasArray ? c.ArrayColumns : throw args.Error(word, $"fix ave/time: compute {id} has no array to expand '{text}' over in vector mode");
            return c.HasVector ? c.VectorLength : throw args.Error(word, $"fix ave/time: compute {id} has no vector to expand '{text}' over");
        }
        var f = Sim.FindFix(id) ?? throw args.Error(word, $"fix ave/time: fix '{id}' in '{text}' does not exist");
        if (_vectorMode)
            return f.HasArray ? f.ArrayColumns : throw args.Error(word, $"fix ave/time: fix {id} has no array to expand '{text}' over in vector mode");
        return f.VectorLength > 0 ? f.VectorLength : throw args.Error(word, $"fix ave/time: fix {id} has no vector to expand '{text}' over");
    }

    /// <summary>Validate one value; returns its length (1 in scalar mode, the vector length or array rows in vector mode).</summary>
    private int Check(Value v, bool atDefinition)
    {
        GarneticsException Err(string msg) =>
            atDefinition ? _args.Error(v.Word, msg) : new GarneticsException(msg, _args.LocationOf(v.Word), _args[v.Word]);
        if (v.Kind == 'c')
        {
            var c = Sim.FindCompute(v.Id) ?? throw Err($"fix ave/time: compute '{v.Id}' in '{v.Name}' does not exist");
            if (!_vectorMode)
            {
                if (v.Index == 0 && !c.HasScalar) throw Err($"fix ave/time: compute {v.Id} ({c.StyleName}) has no scalar output ('{v.Name}')");
                if (v.Index > 0 && !c.HasVector) throw Err($"fix ave/time: compute {v.Id} ({c.StyleName}) has no vector output ('{v.Name}')");
                if (v.Index > 0 && v.Index > c.VectorLength)
                    throw Err($"fix ave/time: '{v.Name}' is out of range (compute {v.Id} has a vector of {c.VectorLength})");
                return 1;
            }
            if (v.Index == 0)
                return c.HasVector ? c.VectorLength : throw Err($"fix ave/time: compute {v.Id} ({c.StyleName}) has no vector output ('{v.Name}', mode vector)");
            if (!c.HasArray) throw Err($"fix ave/time: compute {v.Id} ({c.StyleName}) has no array output ('{v.Name}', mode vector)");
            if (v.Index > c.ArrayColumns) throw Err($"fix ave/time: '{v.Name}' is out of range (compute {v.Id} has {c.ArrayColumns} columns)");
            return c.ArrayRows;
        }
        if (v.Kind == 'f')
        {
            var f = Sim.FindFix(v.Id) ?? throw Err($"fix ave/time: fix '{v.Id}' in '{v.Name}' does not exist");
            if (!_vectorMode)
            {
                if (v.Index == 0 && !f.HasScalar) throw Err($"fix ave/time: fix {v.Id} ({f.StyleName}) has no scalar output ('{v.Name}')");
                if (v.Index > f.VectorLength) throw Err($"fix ave/time: '{v.Name}' is out of range (fix {v.Id} has a vector of {f.VectorLength})");
                return 1;
            }
            if (v.Index == 0)
                return f.VectorLength > 0 ? f.VectorLength : throw Err($"fix ave/time: fix {v.Id} ({f.StyleName}) has no vector output ('{v.Name}', mode vector)");
            if (!f.HasArray || v.Index > f.ArrayColumns) throw Err($"fix ave/time: fix {v.Id} ({f.StyleName}) has no array column {v.Index} ('{v.Name}', mode vector)");
            return f.ArrayRows;
        }
        if (_vectorMode) throw Err($"fix ave/time: '{v.Name}': vector-style variables are not supported (mode vector)");
        if (Sim.Variables == null || (!atDefinition && !Sim.Variables.TryGetVariableValue(v.Id, out _)))
            throw Err($"fix ave/time: variable '{v.Id}' does not exist or is not an equal-style variable");
        return 1;
    }

    public override void Init()
    {
        int rows = -1;
        foreach (var v in _values)
        {
            int n = Check(v, atDefinition: false);
            if (rows >= 0 && n != rows)
                throw new GarneticsException($"fix {Id} ave/time: the values have inconsistent lengths ({rows} and {n} for '{v.Name}')", _args.LocationOf(v.Word));
            rows = n;
        }
        if (rows <= 0) throw new GarneticsException($"fix {Id} ave/time: the values have no elements", Location);
        if (rows != _nrows || _sum.Length == 0)
        {
            _nrows = rows;
            int n = _nrows * _values.Count;
            _sum = new double[n]; _out = new double[n]; _last = new double[n]; _runningSum = new double[n];
            _nrunning = 0; _irepeat = 0;
            _windowValues.Clear();
        }
        // a run starting after the next sample step (reset_timestep, or steps run without the fix) starts a fresh window
        if (_nvalid < Sim.Step) { _irepeat = 0; _nvalid = NextValid(Sim.Step); Array.Clear(_sum); }
    }

    /// <summary>First step of the next averaging window: its output step is the first multiple of Nfreq whose window starts at or after step (and start).</summary>
    private long NextValid(long step)
    {
        long o = step / _nfreq * _nfreq;
        if (o < step) o += _nfreq;
        while (true)
        {
            long first = o - (long)(_nrepeat - 1) * _nevery;
            if (first >= step && first >= _start) return first;
            o += _nfreq;
        }
    }

    public override bool NeedsEnergyOn(long step) => step == _nvalid;

    public override void Setup() => EndOfStep();

    public override void EndOfStep()
    {
        long step = Sim.Step;
        if (step != _nvalid) return;
        int nv = _values.Count;
        Sim.ClearStepComputes();
        for (int k = 0; k < nv; k++)
        {
            var v = _values[k];
            for (int r = 0; r < _nrows; r++)
            {
                double x = Sample(v, r);
                int at = r * nv + k;
                _last[at] = x;
                _sum[at] += x;
            }
        }
        _irepeat++;
        if (_irepeat < _nrepeat) { _nvalid += _nevery; return; }
        _irepeat = 0;
        _nvalid = step + _nfreq - (long)(_nrepeat - 1) * _nevery;

        var mean = new double[_sum.Length];
        for (int at = 0; at < mean.Length; at++) mean[at] = _off.Contains(at % nv) ? _last[at] : _sum[at] / _nrepeat;
        Array.Clear(_sum);
        switch (_ave)
        {
            case AveMode.One: Array.Copy(mean, _out, mean.Length); break;
            case AveMode.Running:
                _nrunning++;
                for (int at = 0; at < mean.Length; at++)
                {
                    _runningSum[at] += mean[at];
                    _out[at] = _off.Contains(at % nv) ? mean[at] : _runningSum[at] / _nrunning;
                }
                break;
            case AveMode.Window:
                _windowValues.Enqueue(mean);
                if (_windowValues.Count > _window) _windowValues.Dequeue();
                for (int at = 0; at < mean.Length; at++)
                {
                    if (_off.Contains(at % nv)) { _out[at] = mean[at]; continue; }
                    double s = 0;
                    foreach (var w in _windowValues) s += w[at];
                    _out[at] = s / _windowValues.Count;
                }
                break;
        }
        WriteOutput(step);
    }

    /// <summary>Current value of v (row r in vector mode).</summary>
    private double Sample(Value v, int r)
    {
        switch (v.Kind)
        {
            case 'c':
            {
                var c = Sim.FindCompute(v.Id)!;
                if (!_vectorMode) return v.Index == 0 ? c.ComputeScalar() : c.ComputeVector()[v.Index - 1];
                return v.Index == 0 ? c.ComputeVector()[r] : c.ComputeArray()[r, v.Index - 1];
            }
            case 'f':
            {
                var f = Sim.FindFix(v.Id)!;
                if (!_vectorMode) return v.Index == 0 ? f.ComputeScalar() : f.ComputeVector(v.Index - 1);
                return v.Index == 0 ? f.ComputeVector(r) : f.ComputeArray(r, v.Index - 1);
            }
            default:
                if (Sim.Variables == null || !Sim.Variables.TryGetVariableValue(v.Id, out var x))
                    throw new GarneticsException($"fix {Id} ave/time: variable '{v.Id}' does not exist or is not numeric", _args.LocationOf(v.Word));
                return x;
        }
    }

    private string Header()
    {
        var sb = new StringBuilder();
        sb.Append(_title1 ?? $"# Time-averaged data for fix {Id}").Append('\n');
        if (_title2 != null) sb.Append(_title2).Append('\n');
        else if (_vectorMode) sb.Append("# TimeStep Number-of-rows\n");
        else sb.Append("# TimeStep").Append(string.Concat(_values.Select(v => " " + v.Name))).Append('\n');
        if (_vectorMode) sb.Append(_title3 ?? "# Row" + string.Concat(_values.Select(v => " " + v.Name))).Append('\n');
        return sb.ToString();
    }

    private void WriteOutput(long step)
    {
        if (_file == null || Sim.Comm.Rank != 0) return;
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        int nv = _values.Count;
        if (!_vectorMode)
        {
            sb.Append(step.ToString(ci));
            for (int k = 0; k < nv; k++) sb.Append(CFormat.Format(_format, _out[k]));
            sb.Append('\n');
        }
        else
        {
            sb.Append(step.ToString(ci)).Append(' ').Append(_nrows.ToString(ci)).Append('\n');
            for (int r = 0; r < _nrows; r++)
            {
                sb.Append((r + 1).ToString(ci));
                for (int k = 0; k < nv; k++) sb.Append(CFormat.Format(_format, _out[r * nv + k]));
                sb.Append('\n');
            }
        }
        try
        {
            // overwrite: the new content replaces the file atomically, so a failing write keeps the last complete one
            if (_overwrite) AtomicFile.Write(_file, w => w.Write(_header + sb));
            else if (!_headerWritten) File.WriteAllText(_file, _header + sb);
            else File.AppendAllText(_file, sb.ToString());
            _headerWritten = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"fix {Id} ave/time cannot write file '{_file}': {e.Message}", Location, _file, e);
        }
    }

    /// <summary>Whether value k is extensive (compute or fix extensive; variables are not), as LAMMPS's extscalar/extlist.</summary>
    private bool ValueExtensive(int k)
    {
        if (k < 0 || k >= _values.Count) return false;
        var v = _values[k];
        return v.Kind switch
        {
            'c' => Sim.FindCompute(v.Id)?.Extensive ?? false,
            'f' => Sim.FindFix(v.Id) is { } f && (v.Index == 0 ? f.Extensive : _vectorMode ? f.ArrayExtensive(v.Index - 1) : f.VectorExtensive(v.Index - 1)),
            _ => false,
        };
    }

    // ---- output for thermo, variables and other fixes
    public override bool Extensive => _values.Count == 1 && ValueExtensive(0);
    public override bool VectorExtensive(int i) => _vectorMode ? ValueExtensive(0) : ValueExtensive(i);
    public override bool ArrayExtensive(int column) => ValueExtensive(column);
    public override bool HasScalar => !_vectorMode && _values.Count == 1;
    public override double ComputeScalar() => _out.Length > 0 ? _out[0] : 0.0;
    public override int VectorLength => _vectorMode ? (_values.Count == 1 ? _nrows : 0) : (_values.Count > 1 ? _values.Count : 0);
    public override double ComputeVector(int i) => i < _out.Length ? _out[i] : 0.0;
    public override bool HasArray => _vectorMode && _values.Count > 1;
    public override int ArrayRows => _nrows;
    public override int ArrayColumns => _values.Count;
    public override double ComputeArray(int row, int column)
    {
        int at = row * _values.Count + column;
        return at < _out.Length ? _out[at] : 0.0;
    }
}
