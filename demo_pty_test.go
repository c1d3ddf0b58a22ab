package main

import (
	"strings"
	"testing"
	"time"
)

// TestTheDemoSendsWatchesAndHearsTheWebhook is a newcomer's first minute
// in `codedesk --demo`, in a real pseudo-terminal at the
// demo's pace: start the webhook listener (ctrl+l, enter), send the
// ready SMS (ctrl+s), watch it (w) reach DELIVRD, and find its delivery
// report verified in the webhooks view.
func TestTheDemoSendsWatchesAndHearsTheWebhook(t *testing.T) {
	const cols, rows = 100, 30
	p := startPTY(t, nil, cols, rows, "--demo")
	p.waitScreen(t, cols, rows, "Коды ответов", "message/sendSmsMessage")
	p.tty.Write([]byte{0x0c}) // ctrl+l
	p.waitScreen(t, cols, rows, "Вебхуки", "адрес: 127.0.0.1:0")
	p.tty.Write([]byte("\r"))
	p.waitScreen(t, cols, rows, "слушаю http://127.0.0.1:")
	p.tty.Write([]byte{0x1b}) // esc
	p.waitScreen(t, cols, rows, "Коды ответов")
	p.tty.Write([]byte{0x13}) // ctrl+s
	p.waitScreen(t, cols, rows, "код 0 · Успешно", "w — следить за доставкой")
	sent := time.Now()
	p.tty.Write([]byte("w"))
	// The demo's pace lets w, pressed after reading the answer, see every step.
	p.waitScreen(t, cols, rows, "→ ENQUEUD")
	p.waitScreen(t, cols, rows, "→ ACCEPTD")
	scr := p.waitScreen(t, cols, rows, "Статус DELIVRD", "→ DELIVRD", "1 доставлено")
	if !strings.Contains(scr, "NEW ") || strings.Contains(scr, "… →") {
		t.Errorf("the watch must begin at NEW:\n%s", scr)
	}
	t.Logf("DELIVRD on screen %s after w (the demo's pace)", time.Since(sent).Round(100*time.Millisecond))
	p.tty.Write([]byte{0x0c}) // ctrl+l
	p.waitScreen(t, cols, rows, "▌✓ ", "sms-delivery-report", "DELIVRD (Доставлено)", "подпись верна: sha1", "SMS: DELIVRD · Доставлено", "1 событие · ✓ 1")
	p.tty.Write([]byte{0x03}) // ctrl+c
	p.waitExit(t, 5*time.Second)
}
