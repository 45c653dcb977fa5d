-- testudo migration
-- parent: 0_20261203233208_init.sql sha256:6a240ec1025d68d610852b10416636f0ec848202ffa3c0f44d474db05135e9eb
-- checksum: sha256:6525836e8c9ec46ff0532296ccde3c492e28ee160fd8dcbe5bc0543ab69beb5e
-- run-in-transaction: true

-- +testudo up
ALTER TABLE `products` ADD COLUMN `x` INT NOT NULL DEFAULT 0 COMMENT 'added by add_x';

-- +testudo down
ALTER TABLE `products` DROP COLUMN `x`;

-- +testudo state
-- eJztWltvozoQ/iuRn1opp2qzze4qb2mano02l1VKz662qpADLkEFOwWzLVrlvx8bMOHakFDSNOWl
-- DWaMPd+MZ74Z+AtMoiLDPulBijRiuaDzF2BoItBJ3WkCuFiE4+ySwpnBBRVfQkd8EM5sakGFgs49
-- NGzUBCqyFUtfUJ1g0MGOYbAhojAhHWtiwMH6o4NkSjRE58gCndu7JtCxip7ZM72LxYN8ryNDjexP
-- V9ly3qBM3QUfGWB65QmxJWayQgzHxEJw4dI5wUJSx5SNaQgji22ePZVaDtsr342vVLB5f2Pitr+j
-- UFpF99AxaKhVAUUVgjk8bHmba6KxR//TOjv/cv710+fzr03Alw6vvyw9PVYqenO4nmMJLPlNSKF/
-- m6MUAqNYiCslQ5oE6JKNU91EWSjFZsXRUoNpJ+JHHLsAq1zwgssQvdAxysLHdqxOsOH6BslDSxqM
-- +tdSd/SD7dq07UeDA9GV+ny8xcfc+NjR52M2SpgTe94dTm/8HEjfGvyy8Xsy7nOUiE01iy+0kpJ+
-- A7YR6FAiY/IkQzV0FzEWALBshgZzFuoWBovNqg1WpcH83Yb28v4lLNWbQyvLSoFs3D4Mkz2xiAmf
-- ZQNhjc5B5+z0NM8k/3WnvW/d6RETOeahJ4TCNhytKBSBbEkoKgrFZYFYQAthKhdOSlH5NbkphYiv
-- c+W+USo7sZx9/5CRnHy9kyBdEQvpGv6OXA+rAdsHxEr64KQ5ydvjtAwMK8bEuhZ8EpwlZm2mDVMC
-- Ua7PdV9qjG+GQ8DxmkHl4QlaqpwJnDLXDZU9JQndRTDr6vsUGdDb9/tFLXqgLKI6CrW31/eH/4T9
-- iLQ5+jKzkxZZmTvqBskbZsuMX0MMNb5Hvh57fqD2xFI5hU7yeH84l8QTfrsm8DWBr/lgTeAPzmCJ
-- 3MLYBXVSmSWXtwrpikk8wOgJlCavrbXctZWgrpRQaKQcFym6CY0sPIR8wmX9CSfBxNeF5nT7lJvG
-- 4bLfG4y6w6OzVrPFHY85o+6xMQHQeQIgx0ZWcWa/kt6U1+/qFFdC7LnaJWn9jf+IPYCoCKdf2TnK
-- 6Hvd6173sl+A0Bs6RiXYrcfnhuwZ+4xYZfzWUzyb4waYvMRzZYF9TXbfnOw+OhBTnboF4YmIH2R4
-- jWQdrFN5YelKqtf4Qm6OTdphgi4XNl7I0acFc7R/rgufsoj4gbtR0EfZoDMZnXCQ4ORRGBK0SMpw
-- GNFm2QOQipCYyDnIZDEpPyoJzzvoySU6t9HTEIVoyqrP6aAn5TO9CriPgC/FfFa45vCeSDu1Jj1v
-- TnrqDt+eN4zqDt87M9jHeEXfarfXdvfa7Tgzji6ZQERCz5nhOD5lU2B2+QIxwzX7v6SIV44FLqPu
-- r+OIZw4n438D0dAtx73h5CJBnjcrvz5i5WVTojwUzPNCtuKyYqt28WsVXM8FsXjePQ6AhU6kNmZu
-- g/2Q+QZ2hEnwiahbvAqNz/hQZahQvWSpVfBzjz2qteI2366rHu/v1r31rPpy9eYPaimURhC7EuF/
-- C3mZBLV9BimonOV4texv2uJewNh5xgdHxPJQfECuj5LvkSG6/riY4N+kc4s42jzSMgjQzfLjJpCT
-- kC3zq36+3VTF7+uQU+0HS9eV/ptX+rsvRHbwgWx77TcGbY8kJjLcqzfK1n4suGEwexfdyayAttp4
-- IqiJCB8LaPHAlYhqYbQrEdBEesqJZ957/lRAC97+50Q0/ra9qpB2C5AJdV6X6bbMnq3/QeCueQss
-- wpa+qwNe3do8pE5Z3dp8ZwZLtDZ5JNyEVUTkD4dZrOAQobsQFkL4UHu9XsYqiEUgW/VHrYpjU2J6
-- qX3nX7au0nmyFUCY8hBn5uvInDg2MzbpdcERJ+i1ercXk8kwErYuBvH29s3ooj89Oot1dTNbUcW6
-- LGUbLPtx5ir/cHH5Px3wufI=
