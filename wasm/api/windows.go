package api

import (
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windows"
)

// windowsReport answers the Windows tab: with lists false, the summary
// (core/windows' Reading.Summary), which the page asks first and shows
// while it asks again for the whole report, lists and all. The two share
// one Reading, so the hives opened for the summary serve the lists, and
// the second answer waits for the first rather than reading beside it.
func (s *session) windowsReport(image int, lists bool) (*view.WindowsReport, error) {
	li, err := s.image(image)
	if err != nil {
		return nil, err
	}
	li.winMu.Lock()
	defer li.winMu.Unlock()
	if li.win == nil {
		li.win = windows.NewReading(s.a, image, li.img, windows.DefaultLimits)
	}
	if !lists {
		rep := li.win.Summary()
		return &rep, nil
	}
	rep := li.win.Report()
	li.win = nil // its hives' caches go; the page keeps the report
	return &rep, nil
}
