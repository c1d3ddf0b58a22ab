package main

import (
	"testing"
	"time"
)

// TestTheDemoSendsWatchesAndHearsTheWebhook is a newcomer's first minute
// in `codedesk --demo`, in a real pseudo-terminal with the sandbox's
// default timings: start the webhook listener (ctrl+l, enter), send the
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
	p.waitScreen(t, cols, rows, "Статус DELIVRD", "→ DELIVRD", "1 доставлено")
	t.Logf("DELIVRD on screen %s after w (the sandbox's default timings)", time.Since(sent).Round(100*time.Millisecond))
	p.tty.Write([]byte{0x0c}) // ctrl+l
	p.waitScreen(t, cols, rows, "▌✓ ", "sms-delivery-report", "DELIVRD (Доставлено)", "подпись верна: sha1", "SMS: DELIVRD · Доставлено", "1 событие · ✓ 1")
	p.tty.Write([]byte{0x03}) // ctrl+c
	p.waitExit(t, 5*time.Second)
}
