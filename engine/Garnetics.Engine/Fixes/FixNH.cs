using Garnetics.Engine.Computes;

namespace Garnetics.Engine.Fixes;

/// <summary>
/// Nosé–Hoover thermostat and MTK barostat with Nosé–Hoover chains (LAMMPS fix nvt / npt / nph semantics): the
/// time-reversible Trotter splitting of Tuckerman et al. (2006) with the chain integration of Martyna, Tuckerman and
/// Klein and the cell update of Shinoda et al. (2004). Half-step thermostat and barostat updates in initial integrate,
/// full position update with the box rescaled in two half steps around it, and the mirrored half steps in final
/// integrate. Chain masses come from the damping times and the temperature compute's degrees of freedom:
/// Q1 = dof kB T / tfreq^2, Qk = kB T / tfreq^2, W = (N + 1) kB T / pfreq^2, barostat chain masses kB T / pfreq_max^2.
/// </summary>
[FixStyle("nvt", Syntax = "fix ID group nvt temp Tstart Tstop Tdamp [tchain N] [tloop N] [drag D]",
    Help = """
        Nosé–Hoover chain thermostat (LAMMPS fix nvt): velocity-Verlet integration of the group coupled to a chain of
        tchain (default 3) thermostats with masses Q1 = dof kB T/tfreq^2 and Qk = kB T/tfreq^2 (tfreq = 1/Tdamp; dof
        from the fix's own compute ID_temp on the fix group). The target temperature ramps linearly from Tstart to Tstop
        over the run (run start/stop respected). tloop sub-cycles the chain update; drag adds damping. The reservoir
        energy enters thermo ecouple/econserve; f_ID is that energy. fix_modify temp ID replaces the temperature
        compute.
        """)]
[FixStyle("npt", Syntax = "fix ID group npt temp Tstart Tstop Tdamp iso|aniso|tri Pstart Pstop Pdamp [x|y|z|xy|xz|yz Pstart Pstop Pdamp] [couple none|xyz|xy|yz|xz] [tchain N] [pchain N] [mtk yes|no] [tloop N] [ploop N] [nreset N] [drag D] [dilate all|group] [fixedpoint x y z] [scalexy|scalexz|scaleyz yes|no] [flip yes|no]",
    Help = """
        Isothermal-isobaric dynamics (LAMMPS fix npt): the Nosé–Hoover chain thermostat of fix nvt plus the
        Martyna–Tobias–Klein barostat with its own thermostat chain (pchain, default 3), MTK correction terms (mtk yes),
        and the cell rescaled about fixedpoint (default the box centre) by exp(omega_dot dt). iso couples x y z to the
        hydrostatic pressure; aniso controls x, y, z independently; tri adds the tilt factors (triclinic boxes). Targets
        ramp linearly over the run. Barostat mass W = (N+1) kB T/pfreq^2. Creates computes ID_temp (group all) and
        ID_press; fix_modify temp/press replace them. Conserved quantity: thermo econserve.
        """)]
[FixStyle("nph", Syntax = "fix ID group nph iso|aniso|tri Pstart Pstop Pdamp [x|y|z|xy|xz|yz ...] [couple ...] [pchain N] [mtk yes|no] [ploop N] [nreset N] [drag D] [dilate all|group] [fixedpoint x y z] [ptemp T]",
    Help = """
        Isenthalpic dynamics (LAMMPS fix nph): the MTK barostat of fix npt without a particle thermostat. The reference
        temperature for the barostat masses is ptemp or the temperature at the start of the first run. Conserved
        quantity (econserve) = enthalpy plus the barostat reservoir terms.
        """)]
public sealed class FixNH : Fix, IVirialConsumer
{
    private const int Iso = 0, Aniso = 1, Triclinic = 2;
    private const int CoupleNone = 0, CoupleXyz = 1, CoupleXy = 2, CoupleYz = 3, CoupleXz = 4;

    // settings
    private bool _tstat, _pstat;
    private double _tStart, _tStop, _tPeriod, _tFreq;
    private readonly double[] _pStart = new double[6], _pStop = new double[6], _pPeriod = new double[6], _pFreq = new double[6];
    private readonly bool[] _pFlag = new bool[6];
    private int _pcouple = CoupleNone, _pstyle = Iso;
    private int _mtchain = 3, _mpchain = 3, _ncTchain = 1, _ncPchain = 1;
    private bool _mtk = true;
    private int _nresetH0;
    private double _drag;
    private bool _allremap = true;
    private int _dilateBit;
    private readonly double[] _fixedPoint = new double[3];
    private bool _fixedPointSet;
    private bool _scalexy, _scalexz, _scaleyz;
    private bool _deviatoric;
    private double _pTemp;
    private bool _pTempSet;

    // state
    private NoseHooverChain _tchain = new(0), _pchain = new(0); // the particle thermostat, the barostat's thermostat
    private readonly double[] _omega = new double[6], _omegaDot = new double[6], _omegaMass = new double[6];
    private readonly double[] _pCurrent = new double[6], _pTarget = new double[6];
    private readonly double[] _sigma = new double[6], _fdev = new double[6], _h0Inv = new double[6];
    private double _vol0, _t0;
    private double _tTarget, _keTarget, _tCurrent, _tdof, _pHydro, _pFreqMax;
    private double _mtkTerm1, _mtkTerm2;
    private int _pdim;

    // step factors
    private double _dtv, _dtf, _dthalf, _dt4, _dt8, _dto, _tdragFactor = 1, _pdragFactor = 1;
    private double _boltz, _nktv2p;

    private string _tempId = "", _pressId = "";
    private Compute _temperature = null!;
    private Compute? _pressure;

    public override bool TimeIntegrates => true;
    public override bool ChangesBox => _pstat;
    public bool NeedsVirial => _pstat;
    public override bool HasScalar => true;
    public override bool Extensive => true;
    public override double EnergyCoupling => ComputeScalar();

    public override void Configure(CommandArgs args)
    {
        var box = Sim.Box;
        _fixedPoint[0] = 0.5 * (box.XLo + box.XHi);
        _fixedPoint[1] = 0.5 * (box.YLo + box.YHi);
        _fixedPoint[2] = 0.5 * (box.ZLo + box.ZHi);
        bool scaleSet0 = false, scaleSet1 = false, scaleSet2 = false;
        for (int i = 0; i < args.Count;)
        {
            string k = args[i];
            switch (k)
            {
                case "temp":
                    Need(args, i, 3);
                    _tstat = true;
                    _tStart = args.Double(i + 1, "Tstart");
                    _tStop = args.Double(i + 2, "Tstop");
                    _tPeriod = args.Double(i + 3, "Tdamp");
                    if (_tStart <= 0 || _tStop <= 0) throw args.Error(i + 1, "target temperatures must be > 0");
                    i += 4; break;
                case "iso":
                case "aniso":
                case "tri":
                {
                    Need(args, i, 3);
                    double ps = args.Double(i + 1, "Pstart"), pe = args.Double(i + 2, "Pstop"), pd = args.Double(i + 3, "Pdamp");
                    _pcouple = k == "iso" ? CoupleXyz : CoupleNone;
                    for (int d = 0; d < 3; d++) { _pStart[d] = ps; _pStop[d] = pe; _pPeriod[d] = pd; _pFlag[d] = true; }
                    if (k == "tri")
                    {
                        _scalexy = _scalexz = _scaleyz = false;
                        scaleSet0 = scaleSet1 = scaleSet2 = true;
                        for (int d = 3; d < 6; d++) { _pStart[d] = 0; _pStop[d] = 0; _pPeriod[d] = pd; _pFlag[d] = true; }
                    }
                    i += 4; break;
                }
                case "x": case "y": case "z": case "yz": case "xz": case "xy":
                {
                    Need(args, i, 3);
                    int d = k switch { "x" => 0, "y" => 1, "z" => 2, "yz" => 3, "xz" => 4, _ => 5 };
                    _pStart[d] = args.Double(i + 1, "Pstart");
                    _pStop[d] = args.Double(i + 2, "Pstop");
                    _pPeriod[d] = args.Double(i + 3, "Pdamp");
                    _pFlag[d] = true;
                    _deviatoric = true;
                    if (d == 3) { _scaleyz = false; scaleSet2 = true; }
                    if (d == 4) { _scalexz = false; scaleSet1 = true; }
                    if (d == 5) { _scalexy = false; scaleSet0 = true; }
                    i += 4; break;
                }
                case "couple":
                    _pcouple = args.Choice(i + 1, "none", "xyz", "xy", "yz", "xz") switch
                    {
                        "xyz" => CoupleXyz, "xy" => CoupleXy, "yz" => CoupleYz, "xz" => CoupleXz, _ => CoupleNone,
                    };
                    i += 2; break;
                case "drag":
                    _drag = args.Double(i + 1, "drag");
                    if (_drag < 0) throw args.Error(i + 1, "drag must be >= 0");
                    i += 2; break;
                case "ptemp":
                    _pTemp = args.Double(i + 1, "ptemp");
                    if (_pTemp <= 0) throw args.Error(i + 1, "ptemp must be > 0");
                    _pTempSet = true;
                    i += 2; break;
                case "dilate":
                {
                    string g = args.Str(i + 1, "dilate group");
                    if (g == "all") _allremap = true;
                    else { _allremap = false; _dilateBit = Sim.Groups.BitOf(g, args.LocationOf(i + 1)); }
                    i += 2; break;
                }
                case "tchain": _mtchain = args.IntAtLeast(i + 1, 1, k); i += 2; break;
                case "pchain": _mpchain = args.IntAtLeast(i + 1, 0, k); i += 2; break;
                case "mtk": _mtk = args.YesNo(i + 1, "mtk"); i += 2; break;
                case "tloop": _ncTchain = args.IntAtLeast(i + 1, 0, k); i += 2; break;
                case "ploop": _ncPchain = args.IntAtLeast(i + 1, 0, k); i += 2; break;
                case "nreset": _nresetH0 = args.IntAtLeast(i + 1, 0, k); i += 2; break;
                case "scalexy": _scalexy = args.YesNo(i + 1); scaleSet0 = true; i += 2; break;
                case "scalexz": _scalexz = args.YesNo(i + 1); scaleSet1 = true; i += 2; break;
                case "scaleyz": _scaleyz = args.YesNo(i + 1); scaleSet2 = true; i += 2; break;
                case "flip": args.YesNo(i + 1); i += 2; break;
                case "fixedpoint":
                    Need(args, i, 3);
                    _fixedPoint[0] = args.Double(i + 1, "x"); _fixedPoint[1] = args.Double(i + 2, "y"); _fixedPoint[2] = args.Double(i + 3, "z");
                    _fixedPointSet = true;
                    i += 4; break;
                case "update":
                    throw args.Error(i, "fix nh keyword 'update dipole' is not supported (no dipolar atoms)");
                case "disc":
                    throw args.Error(i, "fix nh keyword 'disc' is not supported (3d only)");
                default:
                    throw args.Error(i, $"unknown fix {StyleName} keyword '{k}' (expected temp, iso, aniso, tri, x, y, z, xy, xz, yz, couple, tchain, pchain, mtk, tloop, ploop, nreset, drag, ptemp, dilate, fixedpoint, scalexy, scalexz, scaleyz, flip)");
            }
        }
        _ = _fixedPointSet;

        // default tilt scaling: on when the tilt is not barostatted itself (triclinic boxes only)
        if (!scaleSet0) _scalexy = box.Triclinic && !_pFlag[5];
        if (!scaleSet1) _scalexz = box.Triclinic && !_pFlag[4];
        if (!scaleSet2) _scaleyz = box.Triclinic && !_pFlag[3];

        _pstat = _pFlag.Any(f => f);
        switch (StyleName)
        {
            case "nvt":
                if (!_tstat) throw args.Error("fix nvt needs the temp keyword (temp Tstart Tstop Tdamp)");
                if (_pstat) throw args.Error("fix nvt cannot control pressure: use fix npt");
                break;
            case "npt":
                if (!_tstat) throw args.Error("fix npt needs the temp keyword (temp Tstart Tstop Tdamp)");
                if (!_pstat) throw args.Error("fix npt needs a pressure setting (iso, aniso, tri or x/y/z/xy/xz/yz)");
                break;
            case "nph":
                if (_tstat) throw args.Error("fix nph cannot control temperature: use fix npt");
                if (!_pstat) throw args.Error("fix nph needs a pressure setting (iso, aniso, tri or x/y/z/xy/xz/yz)");
                break;
        }
        if ((_pFlag[3] || _pFlag[4] || _pFlag[5]) && !box.Triclinic)
            throw args.Error($"fix {StyleName}: cannot control xy/xz/yz (tri) with an orthogonal box");
        if (_pcouple == CoupleXyz && (!_pFlag[0] || !_pFlag[1] || !_pFlag[2]))
            throw args.Error($"fix {StyleName}: couple xyz needs x, y and z all barostatted");
        if (_pcouple == CoupleXyz && (_pStart[0] != _pStart[1] || _pStart[0] != _pStart[2] || _pStop[0] != _pStop[1] || _pStop[0] != _pStop[2] ||
                                      _pPeriod[0] != _pPeriod[1] || _pPeriod[0] != _pPeriod[2]))
            throw args.Error($"fix {StyleName}: invalid pressure settings: coupled dimensions need the same Pstart, Pstop and Pdamp");
        if (_pcouple == CoupleXy && (!_pFlag[0] || !_pFlag[1] || _pStart[0] != _pStart[1] || _pStop[0] != _pStop[1] || _pPeriod[0] != _pPeriod[1]))
            throw args.Error($"fix {StyleName}: invalid pressure settings for couple xy");
        if (_pcouple == CoupleYz && (!_pFlag[1] || !_pFlag[2] || _pStart[1] != _pStart[2] || _pStop[1] != _pStop[2] || _pPeriod[1] != _pPeriod[2]))
            throw args.Error($"fix {StyleName}: invalid pressure settings for couple yz");
        if (_pcouple == CoupleXz && (!_pFlag[0] || !_pFlag[2] || _pStart[0] != _pStart[2] || _pStop[0] != _pStop[2] || _pPeriod[0] != _pPeriod[2]))
            throw args.Error($"fix {StyleName}: invalid pressure settings for couple xz");
        if ((_tstat && _tPeriod <= 0) || Enumerable.Range(0, 6).Any(d => _pFlag[d] && _pPeriod[d] <= 0))
            throw args.Error($"fix {StyleName}: damping parameters must be > 0");
        if (_tstat && _pTempSet) throw args.Error($"fix {StyleName}: ptemp is only for fix nph (the thermostat sets the temperature)");

        if (_pstat)
        {
            if (_pFlag[3] || _pFlag[4] || _pFlag[5]) _pstyle = Triclinic;
            else if (_pcouple == CoupleXyz) _pstyle = Iso;
            else _pstyle = Aniso;
        }

        if (_tstat) _tFreq = 1.0 / _tPeriod;
        for (int d = 0; d < 6; d++) _pFreq[d] = _pFlag[d] ? 1.0 / _pPeriod[d] : 0.0;

        _tchain = new NoseHooverChain(_mtchain);
        _pchain = new NoseHooverChain(_mpchain);

        // own temperature (and pressure) computes, as LAMMPS: the barostat's kinetic part is always over all atoms
        _tempId = Id + "_temp";
        Sim.AddCompute<ComputeTemp>(_tempId, _pstat ? "all" : GroupName, "temp");
        if (_pstat)
        {
            _pressId = Id + "_press";
            Sim.AddCompute<ComputePressure>(_pressId, "all", "pressure", _tempId);
        }
    }

    private static void Need(CommandArgs args, int i, int n)
    {
        if (i + n >= args.Count) throw args.Error(i, $"keyword '{args[i]}' needs {n} values");
    }

    public override int Modify(CommandArgs args, int i)
    {
        switch (args[i])
        {
            case "temp":
            {
                string id = args.Str(i + 1, "temperature compute ID");
                var c = Sim.FindCompute(id) ?? throw args.Error(i + 1, $"fix_modify temp: compute '{id}' does not exist");
                if (c is not ComputeTemp && !(c.HasScalar && c.Dof > 0 || c.StyleName.StartsWith("temp", StringComparison.Ordinal)))
                    throw args.Error(i + 1, $"fix_modify temp: compute '{id}' is not a temperature compute");
                if (_pstat && c.GroupName != "all")
                    Sim.Print($"WARNING: temperature for fix {Id} ({StyleName}) is not for group all");
                _tempId = id;
                if (_pstat && Sim.FindCompute(_pressId) is ComputePressure p) p.ResetTemperature(id);
                return i + 2;
            }
            case "press":
            {
                if (!_pstat) throw args.Error(i, $"fix_modify press: fix {Id} ({StyleName}) does not control pressure");
                string id = args.Str(i + 1, "pressure compute ID");
                var c = Sim.FindCompute(id) ?? throw args.Error(i + 1, $"fix_modify press: compute '{id}' does not exist");
                if (c is not ComputePressure) throw args.Error(i + 1, $"fix_modify press: compute '{id}' is not a pressure compute");
                _pressId = id;
                return i + 2;
            }
            default: return -1;
        }
    }

    public override void Init()
    {
        _temperature = Sim.FindCompute(_tempId) ?? throw new GarneticsException($"temperature compute '{_tempId}' for fix {Id} does not exist");
        if (_pstat)
            _pressure = Sim.FindCompute(_pressId) ?? throw new GarneticsException($"pressure compute '{_pressId}' for fix {Id} does not exist");
        foreach (var f in Sim.Fixes)
            if (f != this && f.ChangesBox && _pstat)
                throw new GarneticsException($"fix {Id} ({StyleName}) and fix {f.Id} ({f.StyleName}) both change the box");
        _boltz = Sim.Units.Boltz;
        _nktv2p = Sim.Units.Nktv2p;
        SetTimeFactors();
        if (_pstat)
        {
            _pdim = (_pFlag[0] ? 1 : 0) + (_pFlag[1] ? 1 : 0) + (_pFlag[2] ? 1 : 0);
            if (_vol0 == 0.0)
            {
                var b = Sim.Box;
                _vol0 = b.Lx * b.Ly * b.Lz;
                Array.Copy(b.HInv, _h0Inv, 6);
            }
        }
    }

    private void SetTimeFactors()
    {
        double dt = Sim.Dt;
        _dtv = dt;
        _dtf = 0.5 * dt * Sim.Units.Ftm2v;
        _dthalf = 0.5 * dt;
        _dt4 = 0.25 * dt;
        _dt8 = 0.125 * dt;
        _dto = _dthalf;
        _pFreqMax = 0.0;
        if (_pstat)
        {
            for (int d = 0; d < 6; d++) _pFreqMax = Math.Max(_pFreqMax, _pFreq[d]);
            _pdragFactor = 1.0 - dt * _pFreqMax * _drag / _ncPchain;
        }
        if (_tstat) _tdragFactor = 1.0 - dt * _tFreq * _drag / _ncTchain;
    }

    public override void ResetDt() => SetTimeFactors();

    public override void Setup()
    {
        if (_tstat) ComputeTempTarget();
        else if (_pstat)
        {
            if (_t0 == 0.0)
            {
                if (_pTempSet) _t0 = _pTemp;
                else
                {
                    _t0 = _temperature.ComputeScalar();
                    if (_t0 < 1.0e-6)
                        throw new GarneticsException($"fix {Id} ({StyleName}): the current temperature is too close to zero to set the barostat masses; use the ptemp keyword");
                }
            }
            _tTarget = _t0;
        }
        if (_pstat) ComputePressTarget();

        _tCurrent = _temperature.ComputeScalar();
        _tdof = _temperature.Dof;

        if (_pstat) MeasurePressure(recomputeTemperature: false);

        if (_tstat)
        {
            SetThermostatMasses();
            _tchain.SetForces(_boltz * _tTarget);
        }

        if (_pstat)
        {
            double kt = _boltz * _tTarget;
            double nkt = (Sim.Atoms.NAtoms + 1) * kt;
            for (int d = 0; d < 3; d++) if (_pFlag[d]) _omegaMass[d] = nkt / (_pFreq[d] * _pFreq[d]);
            if (_pstyle == Triclinic)
                for (int d = 3; d < 6; d++) if (_pFlag[d]) _omegaMass[d] = nkt / (_pFreq[d] * _pFreq[d]);
            if (_mpchain > 0)
            {
                double mass = _boltz * _tTarget / (_pFreqMax * _pFreqMax);
                _pchain.SetMasses(mass, mass);
                _pchain.SetForces(_boltz * _tTarget);
            }
        }
    }

    public override void InitialIntegrate()
    {
        if (_pstat && _mpchain > 0) NhcPressIntegrate();
        if (_tstat)
        {
            ComputeTempTarget();
            NhcTempIntegrate();
        }
        if (_pstat)
        {
            // the thermostat changed the kinetic energy: re-measure the pressure with the current velocities
            MeasurePressure(recomputeTemperature: true);
            ComputePressTarget();
            NhOmegaDot();
            NhVPress();
        }
        KickVelocities(_dtf);
        if (_pstat) Remap();
        DriftPositions(_dtv);
        if (_pstat) Remap();
    }

    public override void FinalIntegrate()
    {
        KickVelocities(_dtf);
        if (_pstat) NhVPress();
        _tCurrent = _temperature.ComputeScalar();
        _tdof = _temperature.Dof;
        if (_pstat)
        {
            MeasurePressure(recomputeTemperature: false);
            NhOmegaDot();
        }
        if (_tstat) NhcTempIntegrate();
        if (_pstat && _mpchain > 0) NhcPressIntegrate();
    }

    // ---------------------------------------------------------------- pieces

    private double RampFraction()
    {
        double delta = Sim.Step - Sim.BeginStep;
        if (delta != 0.0) delta /= Sim.EndStep - Sim.BeginStep;
        return delta;
    }

    private void ComputeTempTarget()
    {
        double delta = RampFraction();
        _tTarget = _tStart + delta * (_tStop - _tStart);
        _keTarget = _tdof * _boltz * _tTarget;
    }

    private void ComputePressTarget()
    {
        double delta = RampFraction();
        _pHydro = 0.0;
        for (int d = 0; d < 3; d++)
            if (_pFlag[d])
            {
                _pTarget[d] = _pStart[d] + delta * (_pStop[d] - _pStart[d]);
                _pHydro += _pTarget[d];
            }
        if (_pdim > 0) _pHydro /= _pdim;
        if (_pstyle == Triclinic)
            for (int d = 3; d < 6; d++) _pTarget[d] = _pStart[d] + delta * (_pStop[d] - _pStart[d]);
        if (_deviatoric) ComputeSigma();
    }

    /// <summary>Evaluate the pressure (scalar for iso, tensor otherwise) and couple it into p_current (Voigt order).</summary>
    private void MeasurePressure(bool recomputeTemperature)
    {
        var p = _pressure!;
        if (_pstyle == Iso)
        {
            double s = p.ComputeScalar();
            _pCurrent[0] = _pCurrent[1] = _pCurrent[2] = s;
        }
        else
        {
            _ = recomputeTemperature;
            var t = p.ComputeVector();
            _mvvCurrent = _temperature.ComputeVector();
            switch (_pcouple)
            {
                case CoupleXyz:
                {
                    double ave = 1.0 / 3.0 * (t[0] + t[1] + t[2]);
                    _pCurrent[0] = _pCurrent[1] = _pCurrent[2] = ave;
                    break;
                }
                case CoupleXy:
                {
                    double ave = 0.5 * (t[0] + t[1]);
                    _pCurrent[0] = _pCurrent[1] = ave; _pCurrent[2] = t[2];
                    break;
                }
                case CoupleYz:
                {
                    double ave = 0.5 * (t[1] + t[2]);
                    _pCurrent[1] = _pCurrent[2] = ave; _pCurrent[0] = t[0];
                    break;
                }
                case CoupleXz:
                {
                    double ave = 0.5 * (t[0] + t[2]);
                    _pCurrent[0] = _pCurrent[2] = ave; _pCurrent[1] = t[1];
                    break;
                }
                default:
                    _pCurrent[0] = t[0]; _pCurrent[1] = t[1]; _pCurrent[2] = t[2];
                    break;
            }
            if (_pstyle == Triclinic)
            {
                _pCurrent[3] = t[5];
                _pCurrent[4] = t[4];
                _pCurrent[5] = t[3];
            }
        }
        for (int d = 0; d < 3; d++)
            if (!double.IsFinite(_pCurrent[d]))
                throw new GarneticsException($"fix {Id} ({StyleName}): non-finite pressure at step {Sim.Step} (the system blew up)");
    }

    private double[] _mvvCurrent = new double[6];

    private void NhcTempIntegrate()
    {
        var c = _tchain;
        double kecurrent = _tdof * _boltz * _tCurrent;
        // masses follow the (ramped) target so that the thermostat frequency stays Tdamp
        SetThermostatMasses();

        c.DotDot[0] = c.Mass[0] > 0.0 ? (kecurrent - _keTarget) / c.Mass[0] : 0.0;

        double ncfac = 1.0 / _ncTchain;
        for (int loop = 0; loop < _ncTchain; loop++)
        {
            double expfac = c.Descend(ncfac, _dt4, _dt8, _tdragFactor);

            double factorEta = Math.Exp(-ncfac * _dthalf * c.Dot[0]);
            ScaleVelocities(factorEta);
            _tCurrent *= factorEta * factorEta;
            kecurrent = _tdof * _boltz * _tCurrent;
            c.DotDot[0] = c.Mass[0] > 0.0 ? (kecurrent - _keTarget) / c.Mass[0] : 0.0;

            c.Advance(ncfac, _dthalf);
            c.Ascend(expfac, ncfac, _dt4, _dt8, _boltz * _tTarget);
        }
    }

    /// <summary>Particle thermostat masses Q1 = dof kB T / tfreq^2, Qk = kB T / tfreq^2 at the current target.</summary>
    private void SetThermostatMasses() =>
        _tchain.SetMasses(_tdof * _boltz * _tTarget / (_tFreq * _tFreq), _boltz * _tTarget / (_tFreq * _tFreq));

    private void NhcPressIntegrate()
    {
        double kt = _boltz * _tTarget;
        double kecurrent = 0.0;
        int pdof = 0;
        for (int d = 0; d < 3; d++)
            if (_pFlag[d]) { kecurrent += _omegaMass[d] * _omegaDot[d] * _omegaDot[d]; pdof++; }
        if (_pstyle == Triclinic)
            for (int d = 3; d < 6; d++)
                if (_pFlag[d]) { kecurrent += _omegaMass[d] * _omegaDot[d] * _omegaDot[d]; pdof++; }

        double lktPress = _pstyle == Iso ? kt : pdof * kt;
        var c = _pchain;
        c.DotDot[0] = (kecurrent - lktPress) / c.Mass[0];

        double ncfac = 1.0 / _ncPchain;
        for (int loop = 0; loop < _ncPchain; loop++)
        {
            double expfac = c.Descend(ncfac, _dt4, _dt8, _pdragFactor);

            c.Advance(ncfac, _dthalf);

            double factorEtap = Math.Exp(-ncfac * _dthalf * c.Dot[0]);
            for (int d = 0; d < 3; d++) if (_pFlag[d]) _omegaDot[d] *= factorEtap;
            if (_pstyle == Triclinic)
                for (int d = 3; d < 6; d++) if (_pFlag[d]) _omegaDot[d] *= factorEtap;

            kecurrent = 0.0;
            for (int d = 0; d < 3; d++) if (_pFlag[d]) kecurrent += _omegaMass[d] * _omegaDot[d] * _omegaDot[d];
            if (_pstyle == Triclinic)
                for (int d = 3; d < 6; d++) if (_pFlag[d]) kecurrent += _omegaMass[d] * _omegaDot[d] * _omegaDot[d];
            c.DotDot[0] = (kecurrent - lktPress) / c.Mass[0];

            c.Ascend(expfac, ncfac, _dt4, _dt8, kt);
        }
    }

    private void NhOmegaDot()
    {
        var b = Sim.Box;
        double volume = b.Lx * b.Ly * b.Lz;
        if (_deviatoric) ComputeDeviatoric();
        double natoms = Sim.Atoms.NAtoms;

        _mtkTerm1 = 0.0;
        if (_mtk)
        {
            if (_pstyle == Iso)
            {
                _mtkTerm1 = _tdof * _boltz * _tCurrent;
                _mtkTerm1 /= _pdim * natoms;
            }
            else
            {
                for (int d = 0; d < 3; d++) if (_pFlag[d]) _mtkTerm1 += _mvvCurrent[d];
                _mtkTerm1 /= _pdim * natoms;
            }
        }

        for (int d = 0; d < 3; d++)
            if (_pFlag[d])
            {
                double fOmega = (_pCurrent[d] - _pHydro) * volume / (_omegaMass[d] * _nktv2p) + _mtkTerm1 / _omegaMass[d];
                if (_deviatoric) fOmega -= _fdev[d] / (_omegaMass[d] * _nktv2p);
                _omegaDot[d] += fOmega * _dthalf;
                _omegaDot[d] *= _pdragFactor;
            }

        _mtkTerm2 = 0.0;
        if (_mtk)
        {
            for (int d = 0; d < 3; d++) if (_pFlag[d]) _mtkTerm2 += _omegaDot[d];
            if (_pdim > 0) _mtkTerm2 /= _pdim * natoms;
        }

        if (_pstyle == Triclinic)
        {
            for (int d = 3; d < 6; d++)
                if (_pFlag[d])
                {
                    double fOmega = _pCurrent[d] * volume / (_omegaMass[d] * _nktv2p);
                    if (_deviatoric) fOmega -= _fdev[d] / (_omegaMass[d] * _nktv2p);
                    _omegaDot[d] += fOmega * _dthalf;
                    _omegaDot[d] *= _pdragFactor;
                }
        }
    }

    private void NhVPress()
    {
        var a = Sim.Atoms;
        var v = a.V;
        var mask = a.Mask;
        int bit = GroupBit;
        double f0 = Math.Exp(-_dt4 * (_omegaDot[0] + _mtkTerm2));
        double f1 = Math.Exp(-_dt4 * (_omegaDot[1] + _mtkTerm2));
        double f2 = Math.Exp(-_dt4 * (_omegaDot[2] + _mtkTerm2));
        bool tri = _pstyle == Triclinic;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            v[3 * i] *= f0;
            v[3 * i + 1] *= f1;
            v[3 * i + 2] *= f2;
            if (tri)
            {
                v[3 * i] += -_dthalf * (v[3 * i + 1] * _omegaDot[5] + v[3 * i + 2] * _omegaDot[4]);
                v[3 * i + 1] += -_dthalf * v[3 * i + 2] * _omegaDot[3];
            }
            v[3 * i] *= f0;
            v[3 * i + 1] *= f1;
            v[3 * i + 2] *= f2;
        }
    }

    private void ScaleVelocities(double factor)
    {
        var a = Sim.Atoms;
        var v = a.V;
        var mask = a.Mask;
        int bit = GroupBit;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            v[3 * i] *= factor;
            v[3 * i + 1] *= factor;
            v[3 * i + 2] *= factor;
        }
    }

    /// <summary>
    /// Advance the cell by half a step, h_dot = omega_dot h (upper-triangular), tilts in a symmetric split around the
    /// diagonal scaling, and carry the atoms (all, or the dilate group) along in fractional coordinates.
    /// </summary>
    private void Remap()
    {
        var box = Sim.Box;
        var a = Sim.Atoms;
        int n = a.NLocal;
        var x = a.X;
        for (int d = 0; d < 6; d++) _omega[d] += _dto * _omegaDot[d];

        if (_lamda.Length < 3 * n) _lamda = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            if (!_allremap && (a.Mask[i] & _dilateBit) == 0) continue;
            box.ToLamda(x[3 * i], x[3 * i + 1], x[3 * i + 2], out _lamda[3 * i], out _lamda[3 * i + 1], out _lamda[3 * i + 2]);
        }

        // h as it stands at the start: the diagonal entries are not refreshed until the box is reset below
        double h0 = box.H[0], h1 = box.H[1], h2 = box.H[2];
        double h3 = box.YZ, h4 = box.XZ, h5 = box.XY;
        double dto2 = _dto / 2.0, dto4 = _dto / 4.0, dto8 = _dto / 8.0;
        _ = h0;

        if (_pstyle == Triclinic) TiltHalf();

        if (_pFlag[0]) Dilate(0, ref box.XLo, ref box.XHi);
        if (_pFlag[1])
        {
            double e = Dilate(1, ref box.YLo, ref box.YHi);
            if (_scalexy) h5 *= e;
        }
        if (_pFlag[2])
        {
            double e = Dilate(2, ref box.ZLo, ref box.ZHi);
            if (_scalexz) h4 *= e;
            if (_scaleyz) h3 *= e;
        }

        if (_pstyle == Triclinic) TiltHalf();

        if (box.Triclinic)
        {
            box.YZ = h3; box.XZ = h4; box.XY = h5;
            const double tiltMax = 1.5;
            if (box.YZ < -tiltMax * box.Ly || box.YZ > tiltMax * box.Ly || box.XZ < -tiltMax * box.Lx || box.XZ > tiltMax * box.Lx ||
                box.XY < -tiltMax * box.Lx || box.XY > tiltMax * box.Lx)
                throw new GarneticsException($"fix {Id} ({StyleName}) has tilted the box too far in one step: the periodic cell is too far from equilibrium");
        }
        box.SetGlobal();

        for (int i = 0; i < n; i++)
        {
            if (!_allremap && (a.Mask[i] & _dilateBit) == 0) continue;
            box.FromLamda(_lamda[3 * i], _lamda[3 * i + 1], _lamda[3 * i + 2], out x[3 * i], out x[3 * i + 1], out x[3 * i + 2]);
        }

        // scale the bounds of dimension d about the fixed point by exp(dto omega_dot_d); returns the factor
        double Dilate(int d, ref double lo, ref double hi)
        {
            double e = Math.Exp(_dto * _omegaDot[d]);
            lo = (lo - _fixedPoint[d]) * e + _fixedPoint[d];
            hi = (hi - _fixedPoint[d]) * e + _fixedPoint[d];
            return e;
        }

        void TiltHalf()
        {
            double e;
            if (_pFlag[4])
            {
                e = Math.Exp(dto8 * _omegaDot[0]);
                h4 *= e; h4 += dto4 * (_omegaDot[5] * h3 + _omegaDot[4] * h2); h4 *= e;
            }
            if (_pFlag[3])
            {
                e = Math.Exp(dto4 * _omegaDot[1]);
                h3 *= e; h3 += dto2 * (_omegaDot[3] * h2); h3 *= e;
            }
            if (_pFlag[5])
            {
                e = Math.Exp(dto4 * _omegaDot[0]);
                h5 *= e; h5 += dto2 * (_omegaDot[5] * h1); h5 *= e;
            }
            if (_pFlag[4])
            {
                e = Math.Exp(dto8 * _omegaDot[0]);
                h4 *= e; h4 += dto4 * (_omegaDot[5] * h3 + _omegaDot[4] * h2); h4 *= e;
            }
        }
    }

    private double[] _lamda = [];

    // ---------------------------------------------------------------- deviatoric (non-hydrostatic) target stress

    /// <summary>Upper-triangular cell matrix [[a0,a5,a4],[0,a1,a3],[0,0,a2]] from a LAMMPS h-ordered array.</summary>
    private static double[,] Upper(double[] h) => new double[,] { { h[0], h[5], h[4] }, { 0, h[1], h[3] }, { 0, 0, h[2] } };

    /// <summary>Symmetric matrix from Voigt order (xx yy zz yz xz xy).</summary>
    private static double[,] FromVoigt(double[] s) => new double[,] { { s[0], s[5], s[4] }, { s[5], s[1], s[3] }, { s[4], s[3], s[2] } };

    /// <summary>A S A^T for a symmetric S, returned in Voigt order.</summary>
    private static void Sandwich(double[,] a, double[,] s, double[] outVoigt)
    {
        var r = CellMath.Sandwich(a, s);
        outVoigt[0] = r[0, 0]; outVoigt[1] = r[1, 1]; outVoigt[2] = r[2, 2];
        outVoigt[3] = r[1, 2]; outVoigt[4] = r[0, 2]; outVoigt[5] = r[0, 1];
    }

    /// <summary>sigma = vol0 h0^-1 (P_target - P_hydro I) h0^-T (Shinoda et al. 2004), reset every nreset steps.</summary>
    private void ComputeSigma()
    {
        if (_nresetH0 > 0)
        {
            long delta = Sim.Step - Sim.BeginStep;
            if (delta % _nresetH0 == 0)
            {
                var b = Sim.Box;
                _vol0 = b.Lx * b.Ly * b.Lz;
                Array.Copy(b.HInv, _h0Inv, 6);
            }
        }
        var dev = new double[6];
        for (int d = 0; d < 6; d++) dev[d] = _pTarget[d];
        for (int d = 0; d < 3; d++) dev[d] -= _pHydro;
        Sandwich(Upper(_h0Inv), FromVoigt(dev), _sigma);
        for (int d = 0; d < 6; d++) _sigma[d] *= _vol0;
    }

    /// <summary>fdev = h sigma h^T, the force on the cell from the deviatoric target stress.</summary>
    private void ComputeDeviatoric() => Sandwich(Upper(Sim.Box.H), FromVoigt(_sigma), _fdev);

    /// <summary>Strain energy 0.5 Tr(sigma h h^T) / nktv2p.</summary>
    private double StrainEnergy()
    {
        var h = Upper(Sim.Box.H);
        var hht = new double[6];
        Sandwich(h, new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, hht);
        var s = FromVoigt(_sigma);
        var m = FromVoigt(hht);
        double tr = 0;
        for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) tr += s[i, k] * m[k, i];
        return 0.5 * tr / _nktv2p;
    }

    // ---------------------------------------------------------------- conserved quantity

    /// <summary>
    /// Energy of the thermostat and barostat reservoirs: chain kinetic and potential terms (MTTK), barostat kinetic
    /// energy, P_hydro (V - V0) and the strain energy; pe + ke + this is conserved.
    /// </summary>
    public override double ComputeScalar()
    {
        if (Sim == null || _boltz == 0) return 0.0;
        var b = Sim.Box;
        double volume = b.Lx * b.Ly * b.Lz;
        double kt = _boltz * _tTarget;
        double lktPress = 0.0;
        double energy = 0.0;
        if (_tstat)
        {
            energy = _tchain.AddEnergy(energy, _keTarget, kt);
        }
        if (_pstat)
        {
            for (int d = 0; d < 3; d++)
                if (_pFlag[d])
                {
                    energy += 0.5 * _omegaDot[d] * _omegaDot[d] * _omegaMass[d] + _pHydro * (volume - _vol0) / (_pdim * _nktv2p);
                    lktPress += kt;
                }
            if (_pstyle == Triclinic)
                for (int d = 3; d < 6; d++)
                    if (_pFlag[d])
                    {
                        energy += 0.5 * _omegaDot[d] * _omegaDot[d] * _omegaMass[d];
                        lktPress += kt;
                    }
            if (_mpchain > 0) energy = _pchain.AddEnergy(energy, lktPress, kt);
            if (_deviatoric) energy += StrainEnergy();
        }
        return energy;
    }

    // ---------------------------------------------------------------- restart

    public override byte[]? WriteRestart()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(1); // format version
            w.Write(_tstat);
            _tchain.Write(w);
            w.Write(_pstat);
            for (int d = 0; d < 6; d++) w.Write(_omega[d]);
            for (int d = 0; d < 6; d++) w.Write(_omegaDot[d]);
            w.Write(_vol0);
            w.Write(_t0);
            _pchain.Write(w);
            w.Write(_deviatoric);
            for (int d = 0; d < 6; d++) w.Write(_h0Inv[d]);
        }
        return ms.ToArray();
    }

    public override void ReadRestart(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        if (r.ReadInt32() != 1) throw new GarneticsException($"fix {Id} ({StyleName}): unknown restart state format");
        bool tstat = r.ReadBoolean();
        var thermostat = NoseHooverChain.Read(r);
        if (tstat && _tstat) _tchain.Restore(thermostat);
        bool pstat = r.ReadBoolean();
        var omega = new double[6]; var omegaDot = new double[6];
        for (int d = 0; d < 6; d++) omega[d] = r.ReadDouble();
        for (int d = 0; d < 6; d++) omegaDot[d] = r.ReadDouble();
        double vol0 = r.ReadDouble(), t0 = r.ReadDouble();
        var barostatThermostat = NoseHooverChain.Read(r);
        r.ReadBoolean();
        var h0 = new double[6];
        for (int d = 0; d < 6; d++) h0[d] = r.ReadDouble();
        if (pstat && _pstat)
        {
            Array.Copy(omega, _omega, 6);
            Array.Copy(omegaDot, _omegaDot, 6);
            _vol0 = vol0;
            _t0 = t0;
            Array.Copy(h0, _h0Inv, 6);
            _pchain.Restore(barostatThermostat);
        }
    }
}
