package delivery

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/safe"
)

// Limits of a lookup by number.
const (
	DefaultListLimit = 100
	MaxListLimit     = 10000
	ListPageSize     = 100 // the largest page message/list allows (25, 50, 100)
	TextPreview      = 60  // runes of a message's text a list item keeps
)

// ListQuery is a lookup of the messages sent to a number (message/list).
type ListQuery struct {
	To          string    // a whole number or a part of one; normalised (NormalizeNumber)
	Since       time.Time // criteria[startSendTsFrom]; zero: no bound
	Until       time.Time // criteria[startSendTsTo]; zero: no bound
	Status      string    // criteria[status], a status name; "": any
	CampaignIDs []int64   // criteria[campaignIds]
	From        string    // criteria[from], the sender name; "": any
	Limit       int       // most items; 0: DefaultListLimit; at most MaxListLimit
}

// ListItem is one message of a list.
type ListItem struct {
	ID             int64
	CampaignID     int64
	From           string // inert
	To             string // inert
	Status         catalog.Status
	SegNum         int
	StartSendTs    time.Time
	StatusUpdateTs time.Time
	Text           string // the start of the text, inert, at most TextPreview runes
	// Sent are the item's strings exactly as the server wrote them (up to
	// MaxSentText bytes each), for --json; the fields above are for people.
	Sent SentStrings
}

// SentStrings are a list item's strings as the server wrote them.
type SentStrings struct {
	From, To, Status, Text string
}

type listItemJSON struct {
	ID             int64   `json:"id"`
	CampaignID     int64   `json:"campaignId"`
	From           string  `json:"from"`
	To             string  `json:"to"`
	Status         *string `json:"status"`
	StatusKnown    bool    `json:"statusKnown"` // false: not in the status table (or no status)
	Title          string  `json:"title"`
	Final          bool    `json:"final"`
	SegNum         int     `json:"segNum"`
	StartSendTs    *string `json:"startSendTs"`
	StatusUpdateTs *string `json:"statusUpdateTs"`
	Text           string  `json:"text"`
}

// MarshalJSON writes {id, campaignId, from, to, status, title, final,
// segNum, startSendTs, statusUpdateTs, text}: what `codedesk sms list
// --json` prints for each item.
func (it ListItem) MarshalJSON() ([]byte, error) {
	out := listItemJSON{ID: it.ID, CampaignID: it.CampaignID, From: it.Sent.From, To: it.Sent.To, Title: it.Status.Title,
		Final: it.Status.Final, SegNum: it.SegNum, StartSendTs: timeJSON(it.StartSendTs),
		StatusUpdateTs: timeJSON(it.StatusUpdateTs), Text: it.Sent.Text, StatusKnown: it.Status.Known()}
	if it.Status.Name != "" {
		name := it.Sent.Status
		out.Status = &name
	}
	return json.Marshal(out)
}

// ListReport is the answer to a lookup by number.
type ListReport struct {
	Items []ListItem // newest first, at most the query's limit
	Total int        // totalItemCount: how many the API found in all
	Notes []string   // the number's normalisation, odd items, in Russian
}

// List asks message/list for the messages sent to q.To, newest first
// (sort[startSendTs]=DESC), a page of 100 after another until the limit,
// the last page or the API's total. A number with "+" or spaces is
// normalised and a note says so; bad input is an *InputError and nothing is
// sent.
func (c *Client) List(ctx context.Context, q ListQuery) (ListReport, error) {
	var notes noteList
	params, limit, err := c.listParams(q, &notes)
	if err != nil {
		return ListReport{}, err
	}
	pageSize := ListPageSize
	for _, size := range []int{25, 50} {
		if limit <= size {
			pageSize = size
			break
		}
	}
	params = append(params, model.Param{Key: "pagination[pageSize]", Value: strconv.Itoa(pageSize)})
	var rep ListReport
	seen := map[int64]bool{}
	for page := 0; len(rep.Items) < limit && page*pageSize < limit+pageSize; page++ {
		req := c.request("list", append(params[:len(params):len(params)], model.Param{Key: "pagination[currentPage]", Value: strconv.Itoa(page)}))
		resp, err := c.call(ctx, req)
		if err != nil {
			rep.Notes = notes.all()
			return rep, err
		}
		items, total, err := c.parseListPage(resp.Data, &notes)
		if err != nil {
			rep.Notes = notes.all()
			return rep, err
		}
		for _, it := range items {
			if !seen[it.ID] && len(rep.Items) < limit {
				seen[it.ID] = true
				rep.Items = append(rep.Items, it)
			}
		}
		rep.Total = max(rep.Total, total, len(rep.Items))
		if len(items) < pageSize || (total > 0 && (page+1)*pageSize >= total) {
			break
		}
	}
	rep.Notes = notes.all()
	return rep, nil
}

// listParams turns a query into message/list criteria, or says what is
// wrong with it.
func (c *Client) listParams(q ListQuery, notes *noteList) ([]model.Param, int, error) {
	to, note, err := NormalizeNumber(q.To)
	if err != nil {
		return nil, 0, err
	}
	if note != "" {
		notes.add("%s", note)
	}
	params := []model.Param{{Key: "criteria[to]", Value: to}}
	if s := strings.TrimSpace(q.Status); s != "" {
		st, ok := c.statuses().Lookup(s)
		if !ok {
			return nil, 0, inputErrorf("статуса %q нет в таблице: известны %s", safe.Line(s), statusNames(c.statuses()))
		}
		params = append(params, model.Param{Key: "criteria[status]", Value: st.Name})
	}
	if len(q.CampaignIDs) > 0 {
		params = append(params, model.Param{Key: "criteria[campaignIds]", Value: joinIDs(distinct(q.CampaignIDs))})
	}
	if f := strings.TrimSpace(q.From); f != "" {
		params = append(params, model.Param{Key: "criteria[from]", Value: f})
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
		return nil, 0, inputErrorf("конец периода (%s) раньше начала (%s)", q.Until.Format(TimeLayout), q.Since.Format(TimeLayout))
	}
	if !q.Since.IsZero() {
		params = append(params, model.Param{Key: "criteria[startSendTsFrom]", Value: q.Since.Format(TimeLayout)})
	}
	if !q.Until.IsZero() {
		params = append(params, model.Param{Key: "criteria[startSendTsTo]", Value: q.Until.Format(TimeLayout)})
	}
	params = append(params, model.Param{Key: "sort[startSendTs]", Value: "DESC"})
	limit := q.Limit
	switch {
	case limit < 0:
		return nil, 0, inputErrorf("предел %d: нужно положительное число", limit)
	case limit == 0:
		limit = DefaultListLimit
	case limit > MaxListLimit:
		notes.add("предел %d снижен до %d", limit, MaxListLimit)
		limit = MaxListLimit
	}
	return params, limit, nil
}

func statusNames(t *catalog.StatusTable) string {
	var names []string
	for _, s := range t.All() {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

// parseListPage reads message/list data: {items, totalItemCount}; a total
// the answer lacks is 0.
func (c *Client) parseListPage(data json.RawMessage, notes *noteList) ([]ListItem, int, error) {
	f, ok := fieldsOf(data)
	if !ok {
		return nil, 0, &DataError{Method: "message/list", Msg: "data — не объект {items, totalItemCount}: " + excerpt(data)}
	}
	raws, err := itemsOf(f["items"])
	if err != nil {
		return nil, 0, &DataError{Method: "message/list", Msg: "items: " + err.Error()}
	}
	total, err := parseCount(f["totalItemCount"])
	if err != nil {
		notes.add("totalItemCount %v", err)
	}
	out := make([]ListItem, 0, len(raws))
	for i, raw := range raws {
		fields, ok := fieldsOf(raw)
		if !ok {
			notes.add("элемент %d списка — не объект: %s", i+1, excerpt(raw))
			continue
		}
		if it, ok := c.listItem(fields, i, notes); ok {
			out = append(out, it)
		}
	}
	return out, total, nil
}

func (c *Client) listItem(f map[string]json.RawMessage, i int, notes *noteList) (ListItem, bool) {
	id, err := parseID(f["id"])
	if err != nil {
		notes.add("элемент %d списка без понятного id: %v", i+1, err)
		return ListItem{}, false
	}
	it := ListItem{ID: id, From: text(f["from"]), To: text(f["to"]), Text: preview(text(f["text"])),
		Sent: SentStrings{From: sentText(f["from"]), To: sentText(f["to"]), Status: sentText(f["status"]), Text: sentText(f["text"])}}
	if raw, ok := f["campaignId"]; ok && string(raw) != "null" {
		if it.CampaignID, err = parseID(raw); err != nil {
			notes.add("у сообщения %d campaignId %v", id, err)
		}
	}
	if name := strings.TrimSpace(text(f["status"])); name != "" {
		it.Status = c.statuses().Describe(name)
	} else {
		notes.add("у сообщения %d в списке нет статуса", id)
	}
	if it.SegNum, err = parseCount(f["segNum"]); err != nil {
		notes.add("у сообщения %d segNum %v", id, err)
	}
	if it.StartSendTs, err = parseAPITime(f["startSendTs"]); err != nil {
		notes.add("у сообщения %d startSendTs: %v", id, err)
	}
	if it.StatusUpdateTs, err = parseAPITime(f["statusUpdateTs"]); err != nil {
		notes.add("у сообщения %d statusUpdateTs: %v", id, err)
	}
	return it, true
}

// preview is the start of a text on one line.
func preview(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > TextPreview {
		return string(r[:TextPreview-1]) + "…"
	}
	return s
}
