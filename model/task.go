package model

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"codedesk/model/jsonx"
)

// TaskStatusMethod is the method that reports a background task's state.
const TaskStatusMethod = "taskqueue/getStatus"

// TaskStatusRequest asks server for the state of background task id.
func TaskStatusRequest(server Server, id string) Request {
	return Request{Server: server, Module: "taskqueue", Method: "getStatus", Params: []Param{{Key: "id", Value: id}}}
}

// Task statuses reported by taskqueue/getStatus.
const (
	TaskFinished = 2
	TaskRejected = 3
)

// TaskState is the data of a taskqueue/getStatus answer.
type TaskState struct {
	Status   int `json:"status"`
	Progress int `json:"progress"` // 0..100
}

// Done reports whether the task has ended, well or not.
func (s TaskState) Done() bool { return s.Status == TaskFinished || s.Status == TaskRejected }

// ParseTaskState reads getStatus data leniently: numbers may be strings.
func ParseTaskState(data json.RawMessage) (TaskState, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return TaskState{}, errors.New("data ответа getStatus — не объект {status, progress}")
	}
	status, ok := jsonx.Int(fields["status"])
	if !ok {
		return TaskState{}, errors.New("в data ответа getStatus нет числа status")
	}
	progress, _ := jsonx.Int(fields["progress"])
	return TaskState{Status: status, Progress: min(max(progress, 0), 100)}, nil
}

// TaskID reads the background task's id from the data of a code-100
// answer: a number or a string, or, to be ready for it, an object with an
// id field.
func TaskID(data json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return "", errors.New("в data нет ID задачи")
	}
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case string:
		if s := strings.TrimSpace(x); s != "" {
			return s, nil
		}
	case map[string]any:
		for _, k := range []string{"id", "taskId", "task_id"} {
			if raw, ok := x[k]; ok {
				b, _ := json.Marshal(raw)
				return TaskID(b)
			}
		}
	}
	return "", errors.New("в data нет ID задачи")
}
