namespace Garnetics.Analysis.Dynamics;

[FixStyle("msd/fft",
    Syntax = "fix ID group msd/fft N [table FILE] [result FILE] [plot FILE] [temp T] [fit f0 f1] [blocks B] [drift yes|no] [ngp Norigins] [replica LABEL] [max_memory GB]",
    Help = """
        Every N steps (and at the start of a run whose step is a multiple of N) store the unwrapped positions r = x +
        image·box of the group's atoms (memory: N_group × frames × 3 doubles), and of the whole system the mass-weighted
        centre of mass R and the polarisation P = Σ_i q_i r_i (all atoms). At the end of every run, from all frames
        stored so far: multiple-time-origin MSD(τ) = ⟨|r_i(t+τ) − r_i(t)|²⟩ averaged over all origins t and the species'
        atoms, per species (the element of the atom type, else typeN) and per direction, computed with the FFT algorithm
        in O(N·T log T); with drift yes (default) positions are taken relative to R, P is replaced by P − Q_tot·R.
        Non-Gaussian parameter α2 = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1 (on Norigins equally spaced origins, default 100; 0: off).
        Collective MSD of a species (1/N)⟨|Σ_i Δr_i|²⟩ (its centre-of-mass displacement times N). Tracer D = slope/6
        (slope/2 per direction) and collective D from an ordinary least-squares line over lags in [f0, f1] × the lag
        span of one block (default 0.1 0.5), using all origins of the whole trajectory; errors are standard errors sd/√B
        over B contiguous blocks (default 5; T/B frames each) fitted over the same lag window. Conductivity (metal
        units, S/cm; 1 e²/(Å·ps·eV) = 16.02176634 S/cm): Nernst–Einstein σ_NE = Σ_s N_s q_s² D_s /(V k_B T) over the
        group's species, q_s = mean charge of the species, V the mean volume; collective σ = slope(⟨|ΔP|²⟩)/(6 V k_B T);
        Haven ratio H = σ_NE/σ = D*/D_σ. T is the temp value or else the mean kinetic temperature of all atoms over the
        samples (3N−3 degrees of freedom). table: the MSD table (lag, then per species msd_x msd_y msd_z msd ngp
        msd_coll, then the charge MSD); result: a JSON file with T, replica, D per species with errors, σ_NE, σ, H (read
        by `conductivity summary`); plot: SVG of the MSDs (log-log). Missing folders are created; files are written
        atomically. Global vector (after a run): f_ID[1..ns] tracer D of each species (alphabetical order), then σ_NE,
        σ, H. Restart files keep every stored frame: after read_restart, the same fix ID, style and N continue the
        trajectory (a different N is an error).
        """)]
public sealed class FixMsdFft : Fix
{
    private int _nevery;
    private string? _table, _result, _plot;
    private double _temp = double.NaN;
    private double _f0 = 0.1, _f1 = 0.5;
    private int _blocks = 5, _ngp = 100;
    private bool _drift = true;
    private string _replica = "";
    private double _maxMemoryGb = 8;

    private DiffusionTrajectory? _traj;
    private int[] _tags = [];
    private long _lastStep = -1;
    private double _tempSum, _volSum;
    private int _tempCount;

    public override int NEvery => _nevery;

    private int SpeciesCount => _traj?.Species.Distinct().Count() ?? 0;
    /// <summary>f_ID[1..ns]: tracer D per species (alphabetical), then σ_NE, σ, H (from the last analysis; 0 before).</summary>
    public override int VectorLength => SpeciesCount + 3;
    public override double ComputeVector(int i)
    {
        var r = LastReport;
        if (r == null) return 0.0;
        int ns = r.Species.Count;
        if (i < ns) return r.Species[i].D;
        return (i - ns) switch { 0 => r.SigmaNE, 1 => r.SigmaCollective, 2 => r.Haven, _ => 0.0 };
    }
    public DiffusionTrajectory? Trajectory => _traj;
    /// <summary>The results of the last analysis (end of the last run).</summary>
    public DiffusionReport? LastReport { get; private set; }

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error("fix msd/fft needs N (sampling interval in steps)");
        _nevery = args.Int(0, "sampling interval N");
        if (_nevery <= 0) throw args.Error(0, $"fix msd/fft N must be > 0, got {_nevery}");
        for (int i = 1; i < args.Count;)
        {
            string kw = args[i];
            if (i + 1 >= args.Count) throw args.Error(i, $"fix msd/fft keyword '{kw}' needs a value");
            switch (kw)
            {
                case "table": _table = args[i + 1]; i += 2; break;
                case "result": _result = args[i + 1]; i += 2; break;
                case "plot": _plot = args[i + 1]; i += 2; break;
                case "temp":
                    _temp = args.Double(i + 1, "temperature");
                    if (_temp <= 0) throw args.Error(i + 1, $"temp must be > 0 K, got {_temp}");
                    i += 2; break;
                case "fit":
                    _f0 = args.Double(i + 1, "fit window start (fraction of the longest lag)");
                    _f1 = args.Double(i + 2, "fit window end (fraction of the longest lag)");
                    if (!(_f0 >= 0 && _f0 < _f1 && _f1 <= 1))
                        throw args.Error(i + 1, $"fit window must satisfy 0 <= f0 < f1 <= 1, got {_f0} {_f1}");
                    i += 3; break;
                case "blocks":
                    _blocks = args.Int(i + 1, "number of blocks");
                    if (_blocks < 1) throw args.Error(i + 1, $"blocks must be >= 1, got {_blocks}");
                    i += 2; break;
                case "drift": _drift = args.YesNo(i + 1, "drift"); i += 2; break;
                case "ngp": _ngp = args.IntAtLeast(i + 1, 0, "ngp", "number of origins for the non-Gaussian parameter"); i += 2; break;
                case "replica": _replica = args[i + 1]; i += 2; break;
                case "max_memory":
                    _maxMemoryGb = args.Double(i + 1, "memory limit in GB");
                    if (_maxMemoryGb <= 0) throw args.Error(i + 1, "max_memory must be > 0");
                    i += 2; break;
                default:
                    throw args.Error(i, $"unknown fix msd/fft keyword '{kw}' (expected table, result, plot, temp, fit, blocks, drift, ngp, replica, max_memory)");
            }
        }
    }

    /// <summary>Create the folder of an output file (a campaign writes into a fresh folder).</summary>
    private void EnsureFolder(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"fix {Id} msd/fft: cannot create folder '{dir}' for '{path}': {e.Message}", Location);
        }
    }

    public override void Init()
    {
        if (Sim.Comm.Size > 1)
            throw new GarneticsException($"fix {Id} msd/fft runs on one rank only (it stores the positions of its atoms locally); run the analysis serially, e.g. with rerun", Location);
        if (Sim.GroupCount(GroupBit) == 0) throw new GarneticsException($"fix {Id} msd/fft: group '{GroupName}' has no atoms", Location);
        if (_traj != null && _traj.Frames > 0)
        {
            // continued from a restart file (or a previous run): the group must still hold the same atoms
            var a0 = Sim.Atoms;
            int count = 0;
            for (int i = 0; i < a0.NLocal; i++) if ((a0.Mask[i] & GroupBit) != 0) count++;
            if (count != _tags.Length)
                throw new GarneticsException($"fix {Id} msd/fft: group '{GroupName}' now has {count} atoms, the stored trajectory {_tags.Length}", Location);
        }
        if (_traj == null)
        {
            var a = Sim.Atoms;
            var idx = Enumerable.Range(0, a.NLocal).Where(i => (a.Mask[i] & GroupBit) != 0).OrderBy(i => a.Tag[i]).ToArray();
            _tags = idx.Select(i => a.Tag[i]).ToArray();
            var species = idx.Select(i => a.TypeElement[a.Type[i]] ?? $"type{a.Type[i]}").ToArray();
            var charges = a.HasCharge ? idx.Select(i => a.Q[i]).ToArray() : null;
            _traj = new DiffusionTrajectory(species, charges);
        }
    }

    public override void Setup()
    {
        if (Sim.Step % _nevery == 0) Sample();
    }

    public override void EndOfStep() => Sample();

    private void Sample()
    {
        if (_traj == null || Sim.Step == _lastStep) return;
        double bytes = 24.0 * _traj.NAtoms * (_traj.Frames + 1);
        if (bytes > _maxMemoryGb * 1e9)
            throw new GarneticsException($"fix {Id} msd/fft: storing frame {_traj.Frames + 1} of {_traj.NAtoms} atoms would exceed max_memory {_maxMemoryGb} GB; sample less often (larger N) or raise max_memory", Location);
        _lastStep = Sim.Step;
        var a = Sim.Atoms;
        var box = Sim.Box;
        var map = new Dictionary<int, int>(a.NLocal);
        for (int i = 0; i < a.NLocal; i++) map[a.Tag[i]] = i;
        var pos = new double[3 * _tags.Length];
        for (int k = 0; k < _tags.Length; k++)
        {
            if (!map.TryGetValue(_tags[k], out int i))
                throw new GarneticsException($"fix {Id} msd/fft: atom {_tags[k]} has disappeared", Location);
            box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2],
                out pos[3 * k], out pos[3 * k + 1], out pos[3 * k + 2]);
        }
        double mass = 0, ke = 0, qtot = 0;
        var com = new double[3];
        var pol = new double[3];
        for (int i = 0; i < a.NLocal; i++)
        {
            box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2],
                out var x, out var y, out var z);
            double m = a.Mass[a.Type[i]];
            mass += m;
            com[0] += m * x; com[1] += m * y; com[2] += m * z;
            ke += m * (a.V[3 * i] * a.V[3 * i] + a.V[3 * i + 1] * a.V[3 * i + 1] + a.V[3 * i + 2] * a.V[3 * i + 2]);
            if (a.HasCharge)
            {
                double q = a.Q[i];
                qtot += q;
                pol[0] += q * x; pol[1] += q * y; pol[2] += q * z;
            }
        }
        for (int d = 0; d < 3; d++) com[d] /= mass;
        _traj.TotalCharge = qtot;
        _traj.AddFrame(Sim.Time, pos, com, a.HasCharge ? pol : null);
        double dof = 3.0 * a.NLocal - 3.0;
        if (dof > 0)
        {
            _tempSum += ke * Sim.Units.Mvv2e / (dof * Sim.Units.Boltz);
            _tempCount++;
        }
        _volSum += box.Volume;
    }

    // ---------------------------------------------------------------- restart

    private const int RestartFormat = 1;

    /// <summary>
    /// Everything sampled so far (tags, species, charges, every frame with its time, centre of mass and polarisation,
    /// the temperature and volume sums), so a run continued from a restart file analyses the whole trajectory.
    /// </summary>
    public override byte[]? WriteRestart()
    {
        if (_traj == null) return null;
        return RestartState.Write(RestartFormat, w =>
        {
            w.Write(_nevery);
            w.Write(_tags.Length);
            for (int k = 0; k < _tags.Length; k++)
            {
                w.Write(_tags[k]);
                w.Write(_traj.Species[k]);
            }
            w.Write(_traj.Charges != null);
            if (_traj.Charges != null) foreach (var q in _traj.Charges) w.Write(q);
            w.Write(_traj.TotalCharge);
            w.Write(_traj.Frames);
            bool com = _traj.CentreOfMass.Count == _traj.Frames, pol = _traj.Polarization.Count == _traj.Frames;
            w.Write(com);
            w.Write(pol);
            for (int f = 0; f < _traj.Frames; f++)
            {
                w.Write(_traj.Times[f]);
                foreach (var v in _traj.Positions[f]) w.Write(v);
                if (com) foreach (var v in _traj.CentreOfMass[f]) w.Write(v);
                if (pol) foreach (var v in _traj.Polarization[f]) w.Write(v);
            }
            w.Write(_lastStep);
            w.Write(_tempSum);
            w.Write(_tempCount);
            w.Write(_volSum);
        });
    }

    public override void ReadRestart(byte[] state) => RestartState.Read(this, state, RestartFormat, r =>
    {
        int nevery = r.ReadInt32();
        if (nevery != _nevery)
            throw new GarneticsException($"fix {Id} msd/fft: the restart file sampled every {nevery} steps, this fix every {_nevery}; " +
                                         "use the same N to continue the trajectory (or another fix ID to start a new one)", Location);
        int n = r.ReadInt32();
        var tags = new int[n];
        var species = new string[n];
        for (int k = 0; k < n; k++)
        {
            tags[k] = r.ReadInt32();
            species[k] = r.ReadString();
        }
        double[]? charges = null;
        if (r.ReadBoolean())
        {
            charges = new double[n];
            for (int k = 0; k < n; k++) charges[k] = r.ReadDouble();
        }
        var traj = new DiffusionTrajectory(species, charges) { TotalCharge = r.ReadDouble() };
        int frames = r.ReadInt32();
        bool com = r.ReadBoolean(), pol = r.ReadBoolean();
        for (int f = 0; f < frames; f++)
        {
            double t = r.ReadDouble();
            var pos = new double[3 * n];
            for (int j = 0; j < pos.Length; j++) pos[j] = r.ReadDouble();
            double[]? c = com ? [r.ReadDouble(), r.ReadDouble(), r.ReadDouble()] : null;
            double[]? p = pol ? [r.ReadDouble(), r.ReadDouble(), r.ReadDouble()] : null;
            traj.AddFrame(t, pos, c, p);
        }
        _lastStep = r.ReadInt64();
        _tempSum = r.ReadDouble();
        _tempCount = r.ReadInt32();
        _volSum = r.ReadDouble();
        _tags = tags;
        _traj = traj;
    });

    public override void PostRun()
    {
        if (_traj == null || _traj.Frames < 2) return;
        double temp = double.IsFinite(_temp) ? _temp : _tempCount > 0 ? _tempSum / _tempCount : double.NaN;
        var opts = new DiffusionOptions
        {
            FitStart = _f0, FitEnd = _f1, Blocks = _blocks, RemoveDrift = _drift, NgpOrigins = _ngp,
            Temperature = Sim.Units.Style == "metal" ? temp : double.NaN,
            Volume = _volSum / _traj.Frames, Boltzmann = Sim.Units.Boltz,
        };
        DiffusionReport rep;
        MsdResult msd;
        try { (rep, msd) = Diffusion.Analyze(_traj, opts); }
        catch (GarneticsException e)
        {
            e.Location ??= Location;
            throw new GarneticsException($"fix {Id} msd/fft: {e.Message}", Location, inner: e);
        }
        rep.Temperature = temp;
        rep.Replica = _replica;
        LastReport = rep;
        var ci = CultureInfo.InvariantCulture;
        string tu = Sim.Units.Style == "metal" ? "ps" : "tau";
        foreach (var s in rep.Species)
            Sim.Print(string.Format(ci, "fix {0} msd/fft: {1} D = {2:E4} +- {3:E2} A^2/{4} ({5:E4} cm^2/s), collective D = {6:E4} +- {7:E2}",
                Id, s.Name, s.D, s.DErr, tu, s.D * 1e-4, s.DCollective, s.DCollectiveErr));
        if (double.IsFinite(rep.SigmaNE))
            Sim.Print(string.Format(ci, "fix {0} msd/fft: T = {1:F1} K sigma_NE = {2:E4} +- {3:E2} S/cm, sigma_collective = {4:E4} +- {5:E2} S/cm, Haven ratio = {6:G4}",
                Id, rep.Temperature, rep.SigmaNE, rep.SigmaNEErr, rep.SigmaCollective, rep.SigmaCollectiveErr, rep.Haven));
        foreach (var f in new[] { _table, _result, _plot }) if (f != null) EnsureFolder(f);
        if (_table != null) Diffusion.WriteTable(_table, msd, rep, tu);
        if (_result != null) rep.Save(_result);
        if (_plot != null) MsdPlot.Save(_plot, msd, tu);
    }
}
