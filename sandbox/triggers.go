package sandbox

// Triggers lists how to make the sandbox answer each code, like a payment
// provider's test card numbers. The README and `codedesk sandbox --help`
// show this text; a test checks that each trigger does what it says.
const Triggers = `Keys:
  sandbox-kz-key        a working account of the kz region (--demo uses it)
  sandbox-uz-key        an account of the uz region: on the kz server, code 13
                        with the uz server's address in data
  sandbox-blocked-key   a blocked account: code 14
  40 or 70 letters and digits (the real format, as official clients
                        require): a working account of the kz region
  any other key or none code 8

Codes:
  0    any valid call, e.g. user/getOwnBalance
  1    message/sendSmsMessage recipient=12ab text=x (data: field → error);
       campaign/create data[text]=x data[type]=9
  2    campaign/send id=424242; taskqueue/getStatus id=424242;
       message/getSMSStatus with no ids
  3    message/sendSmsMessage recipient=77000000003 text=x
  4    an unknown module, e.g. nosuch/method
  5    an unknown method of a known module, e.g. message/nosuch
  6    output=yaml (any format but json and xml)
  8    a wrong key, or none
  9    message/sendSmsMessage recipient=77000000009 text=x
  10   message/sendSmsMessage recipient=77000000010 text=x;
       campaign/addRecipients to a campaign after campaign/send
  11   a required parameter missing, e.g. message/sendSmsMessage text=x
  12   message/getSMSStatus with more than 100 ids; campaign/addRecipients
       with no recipient kind, two kinds or more than 500 recipients
  13   key sandbox-uz-key on the kz server, or sandbox-kz-key on the uz
       server (--demo shows its address)
  14   key sandbox-blocked-key
  15   message/sendSmsMessage recipient=77000000015 text=x
  30   more than 5 calls of one method a second with one key;
       taskqueue/getStatus more than once a second
  98   campaign/addRecipients id=1 recipients[]=77001234567 recipients[]=77001110005
  99   campaign/addRecipients id=1 recipients[]=12345 recipients[]=77001110008
  100  campaign/addRecipients id=1 recipientGroups[]=7 (a task that finishes
       in about 5 s: status 0, 1, then 2); recipientGroups[]=3 ends in
       status 3 (rejected), its reason in message
  999  message/sendSmsMessage recipient=77000000999 text=x

Per-recipient codes in 98/99 (campaign/addRecipients, by the number):
  1 empty, 3 not 11–15 digits, 4 a duplicate in the call, and by the last
  four digits: 0002 → 2, 0005 → 5, 0006 → 6, 0007 → 7, 0008 → 8.

SMS statuses (message/sendSmsMessage, or campaign/send after
campaign/addRecipients; see message/getSMSStatus and message/list):
  every message goes NEW → ENQUEUD (after 1 s) → ACCEPTD (2 s) → its final
  status (4 s); the final status by the last four digits of the number:
  any other  DELIVRD, e.g. recipient=77001234567
  0206       PDLIVRD at 4 s, then DELIVRD at 8 s (its lifetime ended)
  0404       UNDELIV
  0403       REJECTD
  0408       EXPIRED at 8 s (the validity window ran out)
  0410       DELETED
  0202       stays ACCEPTD: never final (to rehearse a watch that waits)
  params[deferredToTs] holds a message in NEW until that time.
`
