package inf

// Manufacturer is a line of [Manufacturer]: who made the devices, and
// the models sections (name, and name.decoration for each platform the
// line lists) that name them.
type Manufacturer struct {
	Line        int
	Name        string // strings substituted
	Models      string // the models section's undecorated name
	Decorations []string
	Sections    []Models // the line's models sections that exist: undecorated first, then by decoration
}

// Models is a models section and its devices. Manufacturers naming the
// same section share its Devices, so a hostile file cannot multiply them.
type Models struct {
	Name    string
	Devices []Device
}

// Device is a line of a models section: a device the package installs
// on, by hardware ID.
type Device struct {
	Section       string // the models section it is in
	Line          int
	Description   string // strings substituted
	Install       string // the DDInstall section
	HardwareID    string
	CompatibleIDs []string
}

// Manufacturers reads [Manufacturer] and the models sections it names,
// each read once.
func (f *File) Manufacturers() []Manufacturer {
	s := f.Section("Manufacturer")
	if s == nil {
		return nil
	}
	read := map[*Section][]Device{}
	models := func(m *Manufacturer, name string) {
		ms := f.Section(name)
		if ms == nil {
			return
		}
		d, ok := read[ms]
		if !ok {
			for _, e := range ms.Entries {
				d = append(d, f.device(ms.Name, e))
			}
			read[ms] = d
		}
		m.Sections = append(m.Sections, Models{Name: ms.Name, Devices: d})
	}
	var out []Manufacturer
	for _, e := range s.Entries {
		m := Manufacturer{Line: e.Line, Name: f.Expand(e.Key)}
		if !e.HasKey { // a manufacturer-name alone names its models section too
			m.Name = f.Expand(e.Values[0])
		}
		m.Models = f.Expand(e.Values[0])
		models(&m, m.Models)
		for _, dec := range e.Values[1:] {
			if dec = f.Expand(dec); dec != "" {
				m.Decorations = append(m.Decorations, dec)
				models(&m, m.Models+"."+dec)
			}
		}
		out = append(out, m)
	}
	return out
}

func (f *File) device(section string, e Entry) Device {
	d := Device{Section: section, Line: e.Line, Description: f.Expand(e.Key)}
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		vals[i] = f.Expand(v)
	}
	d.Install = vals[0]
	if len(vals) > 1 {
		d.HardwareID = vals[1]
	}
	if len(vals) > 2 {
		d.CompatibleIDs = vals[2:]
	}
	return d
}
